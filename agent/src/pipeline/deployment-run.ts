// Executes one deployment's plan: its network, then the DAG with independent branches in parallel
// (a step starts when all it needs succeeded; a service counts once healthy), reporting progress.
// On the first failure or a cancel it stops starting steps, ends the running ones and reports why;
// removal is the caller's (teardown), so failure, cancel and delete undo things the same way.
// The steps themselves: container-steps.ts (service, job) and component-step.ts.
import {
  AgentErrorCode,
  type Plan,
  type PlanServiceStep,
  type ProgressPhase,
  type RollbackCall,
  type ServiceEndpoint,
} from '@nullops/core/contracts';
import type { Prepared } from '@nullops/core/pipeline';
import { ensureImage } from '../docker/image-pull.js';
import { networkName, objectLabels } from '../docker/labels.js';
import { createMasker } from '../observability/masking.js';
import { runComponent } from './component-step.js';
import { runJob, runService } from './container-steps.js';
import type { DeploymentPlace } from './container-specs.js';
import { StepFailure, stepsToStart, type RunHost, type RunResult, type StepRun } from './step-run.js';

export type { RunHost, RunResult };

export class DeploymentRun implements StepRun {
  readonly outputs: Record<string, Record<string, unknown>> = {};
  /** Component steps with a rollback action, in completion order, with the params they ran with. */
  readonly completedRollbacks: RollbackCall[] = [];
  readonly place: DeploymentPlace;
  private readonly controller = new AbortController();
  private masks: Set<string>;
  mask: (line: string) => string;
  private cancelledByRequest = false;
  finished: Promise<RunResult> | null = null;

  constructor(
    readonly host: RunHost,
    readonly plan: Plan,
  ) {
    this.place = { nodeId: host.nodeId, deploymentId: plan.deploymentId, generation: plan.generation, network: networkName(plan.deploymentId, plan.generation), publishAddress: host.publishAddress };
    this.masks = new Set(plan.masks);
    this.mask = createMasker(this.masks);
  }

  get secretValues(): string[] {
    return [...this.masks];
  }

  addMasks(values: Iterable<string>): void {
    for (const v of values) this.masks.add(v);
    this.mask = createMasker(this.masks);
  }

  start(): Promise<RunResult> {
    this.finished ??= this.execute();
    return this.finished;
  }

  /** Stops starting steps and ends running ones; `start()`'s promise then settles as cancelled. */
  cancel(): void {
    this.cancelledByRequest = true;
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  progress(stepId: string | undefined, phase: ProgressPhase, status: 'started' | 'succeeded' | 'failed', message?: string): void {
    this.host.emit('progress', {
      deploymentId: this.plan.deploymentId,
      generation: this.plan.generation,
      ...(stepId ? { stepId } : {}),
      phase,
      status,
      ...(message ? { message: this.mask(message) } : {}),
      at: new Date().toISOString(),
    });
  }

  logLine(stepId: string, stream: 'stdout' | 'stderr', line: string, at = new Date().toISOString()): void {
    this.host.emit('log', { deploymentId: this.plan.deploymentId, generation: this.plan.generation, stepId, stream, at, line: this.mask(line) });
  }

  rollbackCompleted(call: RollbackCall): void {
    this.completedRollbacks.push(call);
    this.host.rollbackRecorded(call.stepId);
  }

  private async execute(): Promise<RunResult> {
    try {
      await this.createNetwork();
      await this.runGraph();
      return { ok: true };
    } catch (error) {
      const cancelled = this.cancelledByRequest;
      if (cancelled) return { ok: false, cancelled, error: { code: AgentErrorCode.cancelled, message: 'the deployment was cancelled' } };
      if (error instanceof StepFailure) return { ok: false, cancelled, error: { code: error.code, message: this.mask(error.message), ...(error.stepId ? { stepId: error.stepId } : {}) } };
      return { ok: false, cancelled, error: { code: AgentErrorCode.internal, message: this.mask((error as Error).message) } };
    }
  }

  private async createNetwork(): Promise<void> {
    // Checked before anything exists: a node that cannot isolate published ports runs no deployment that has them.
    const refusal = this.host.firewall.refusal(this.plan.steps.some((s) => s.kind === 'service' && s.ports.some((p) => p.ingress)));
    if (refusal) throw new StepFailure(AgentErrorCode.firewallUnavailable, refusal);
    const network = await this.host.docker.createNetwork({
      Name: this.place.network,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: objectLabels(this.host.nodeId, this.plan.deploymentId, this.plan.generation, 'network'),
    });
    const info = await network.inspect();
    const subnet = info.IPAM?.Config?.[0]?.Subnet as string | undefined;
    if (subnet) {
      await this.host.firewall.isolate(this.plan.deploymentId, subnet).catch((error: Error) => {
        throw new StepFailure(AgentErrorCode.firewallUnavailable, error.message);
      });
    }
  }

  private runGraph(): Promise<void> {
    const steps = this.plan.steps;
    const succeeded = new Set<string>();
    const started = new Set<string>();
    const running = new Set<string>();
    let failure: unknown = null;
    return new Promise<void>((resolve, reject) => {
      const pump = () => {
        const failed = failure !== null || this.signal.aborted;
        if (failed && running.size === 0) return reject(failure ?? new StepFailure(AgentErrorCode.cancelled, 'cancelled'));
        if (succeeded.size === steps.length) return resolve();
        for (const stepId of stepsToStart(steps, succeeded, started, failed)) {
          started.add(stepId);
          running.add(stepId);
          this.runStep(steps.find((s) => s.id === stepId)!)
            .then(() => succeeded.add(stepId))
            .catch((error) => {
              failure ??= error;
              this.controller.abort();
            })
            .finally(() => {
              running.delete(stepId);
              pump();
            });
        }
        if (!failed && running.size === 0) reject(new StepFailure(AgentErrorCode.internal, 'the plan has steps whose needs can never be met'));
      };
      pump();
    });
  }

  private runStep(step: Plan['steps'][number]): Promise<void> {
    if (step.kind === 'service') return runService(this, step);
    if (step.kind === 'job') return runJob(this, step);
    return runComponent(this, step);
  }

  throwIfCancelled(stepId: string): void {
    if (this.signal.aborted) throw new StepFailure(AgentErrorCode.cancelled, 'cancelled', stepId);
  }

  async pull(stepId: string, image: string, pullAuth: PlanServiceStep['pullAuth']): Promise<void> {
    this.throwIfCancelled(stepId);
    this.progress(stepId, 'pull', 'started', image);
    try {
      const how = await ensureImage(this.host.docker, image, pullAuth, (message) => this.progress(stepId, 'pull', 'started', message));
      this.progress(stepId, 'pull', 'succeeded', how === 'present' ? 'already present' : 'pulled');
    } catch (error) {
      this.progress(stepId, 'pull', 'failed', (error as Error).message);
      throw new StepFailure(AgentErrorCode.imagePullFailed, `cannot pull ${image}: ${(error as Error).message}`, stepId);
    }
  }

  prepared<T>(stepId: string, prepared: Prepared<T>): T {
    if (!prepared.ok) throw new StepFailure(prepared.code, prepared.message, stepId);
    return prepared.value;
  }

  /** What a plugin learns about the deployment's services (docs/plugin-contract.md, envelope `context.services`). */
  serviceEndpoints(): Record<string, ServiceEndpoint> {
    const endpoints: Record<string, ServiceEndpoint> = {};
    for (const step of this.plan.steps) {
      if (step.kind !== 'service') continue;
      endpoints[step.id] = {
        host: step.id,
        ports: Object.fromEntries(step.ports.map((p) => [p.name, p.port])),
        ...(this.plan.publicUrlTemplate && step.ports.some((p) => p.ingress) ? { publicUrl: this.plan.publicUrlTemplate.replaceAll('{step}', step.id) } : {}),
      };
    }
    return endpoints;
  }

  invocationContext() {
    return {
      deployment: { id: this.plan.deploymentId, name: this.plan.name, project: this.plan.project, environment: this.plan.environment },
      services: this.serviceEndpoints(),
      outputs: { ...this.outputs },
      attempt: this.plan.attempt ?? 1,
    };
  }
}
