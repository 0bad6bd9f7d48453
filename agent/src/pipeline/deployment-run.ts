// Executes one deployment's plan: its network, then the DAG with independent branches in parallel
// (a step starts when all it needs succeeded; a service counts once healthy), reporting progress.
// On the first failure or a cancel it stops starting steps, ends the running ones and reports why;
// removal is the caller's (teardown), so failure, cancel and delete undo things the same way.
import type Docker from 'dockerode';
import {
  AgentErrorCode,
  type ErrorInfo,
  type MessageType,
  type PayloadOf,
  type Plan,
  type PlanComponentStep,
  type PlanJobStep,
  type PlanServiceStep,
  type ProgressPhase,
  type RollbackCall,
  type ServiceEndpoint,
} from '@nullops/core/contracts';
import { prepareContainerStep, preparePluginParams, type Prepared } from '@nullops/core/pipeline';
import { Firewall } from '../docker/firewall.js';
import { ensureImage } from '../docker/image-pull.js';
import { networkName, objectLabels, dockerNamePart } from '../docker/labels.js';
import { streamLogLines } from '../docker/container-logs.js';
import { createMasker, writeOnlyOutputValues } from '../observability/masking.js';
import { invokePlugin } from '../plugins/plugin-invocation.js';
import { jobContainerSpec, serviceContainerSpec, type DeploymentPlace } from './container-specs.js';
import { probeFor, probeHttp, probeTcp, type Probe, type ProbeTiming } from './health-probe.js';
import { reconcile } from './reconcile.js';

export interface RunHost {
  docker: Docker;
  nodeId: string;
  publishAddress: string;
  firewall: Firewall;
  pluginKillAfterSeconds: number;
  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void;
  /** A component with a `rollback` action completed: the caller records it (for pendingRollbacks after a restart). */
  rollbackRecorded(stepId: string): void;
}

export type RunResult = { ok: true } | { ok: false; error: ErrorInfo; cancelled: boolean };

/** A failure that carries its protocol error code. */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly stepId?: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export class DeploymentRun {
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
    private readonly host: RunHost,
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

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private progress(stepId: string | undefined, phase: ProgressPhase, status: 'started' | 'succeeded' | 'failed', message?: string): void {
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

  private logLine(stepId: string, stream: 'stdout' | 'stderr', line: string, at = new Date().toISOString()): void {
    this.host.emit('log', { deploymentId: this.plan.deploymentId, generation: this.plan.generation, stepId, stream, at, line: this.mask(line) });
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
        if (failure || this.signal.aborted) {
          if (running.size === 0) reject(failure ?? new StepFailure(AgentErrorCode.cancelled, 'cancelled'));
          return;
        }
        if (succeeded.size === steps.length) return resolve();
        const { start } = reconcile(
          { synced: false, deployments: [{ id: this.plan.deploymentId, generation: this.plan.generation, want: 'running' }] },
          { objects: [], pipelines: [{ deploymentId: this.plan.deploymentId, steps, succeeded, started, failed: false }] },
        );
        for (const { stepId } of start) {
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
        if (running.size === 0 && succeeded.size < steps.length) reject(new StepFailure(AgentErrorCode.internal, 'the plan has steps whose needs can never be met'));
      };
      pump();
    });
  }

  private runStep(step: Plan['steps'][number]): Promise<void> {
    if (step.kind === 'service') return this.runService(step);
    if (step.kind === 'job') return this.runJob(step);
    return this.runComponent(step);
  }

  private throwIfCancelled(stepId: string): void {
    if (this.signal.aborted) throw new StepFailure(AgentErrorCode.cancelled, 'cancelled', stepId);
  }

  private async pull(stepId: string, image: string, pullAuth: PlanServiceStep['pullAuth']): Promise<void> {
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

  /** Named, labelled volumes for the paths the image declares as VOLUME, so removal and cleanup find them. */
  private async imageVolumes(step: PlanServiceStep): Promise<{ name: string; path: string }[]> {
    const info = await this.host.docker.getImage(step.image).inspect();
    const paths = Object.keys(info.Config?.Volumes ?? {});
    return Promise.all(
      paths.map(async (path, index) => {
        const name = `${this.place.network}-${dockerNamePart(step.id)}-${index}`;
        await this.host.docker.createVolume({ Name: name, Labels: objectLabels(this.host.nodeId, this.plan.deploymentId, this.plan.generation, 'volume', step.id) });
        return { name, path };
      }),
    );
  }

  /** A prepared value, or the step's failure (the run then stops and everything is rolled back). */
  private prepared<T>(stepId: string, prepared: Prepared<T>): T {
    if (!prepared.ok) throw new StepFailure(prepared.code, prepared.message, stepId);
    return prepared.value;
  }

  private async runService(planned: PlanServiceStep): Promise<void> {
    const step = this.prepared(planned.id, prepareContainerStep(planned, this.outputs));
    await this.pull(step.id, step.image, step.pullAuth);
    this.throwIfCancelled(step.id);
    let probe: ReturnType<typeof probeFor>;
    try {
      probe = probeFor(step.healthcheck, step.ports);
    } catch (error) {
      throw new StepFailure(AgentErrorCode.containerFailed, (error as Error).message, step.id);
    }
    this.progress(step.id, 'create', 'started');
    const container = await this.host.docker
      .createContainer(serviceContainerSpec(this.place, step, probe.probe, await this.imageVolumes(step)))
      .catch((error: Error) => {
        this.progress(step.id, 'create', 'failed', error.message);
        throw new StepFailure(AgentErrorCode.containerFailed, `cannot create the container: ${error.message}`, step.id);
      });
    this.progress(step.id, 'create', 'succeeded');
    this.throwIfCancelled(step.id);
    this.progress(step.id, 'start', 'started');
    await container.start().catch((error: Error) => {
      this.progress(step.id, 'start', 'failed', error.message);
      throw new StepFailure(AgentErrorCode.containerFailed, `cannot start the container: ${error.message}`, step.id);
    });
    this.progress(step.id, 'start', 'succeeded');
    this.progress(step.id, 'health', 'started');
    try {
      await this.waitHealthy(container.id, probe.probe, probe.timing);
    } catch (error) {
      this.progress(step.id, 'health', 'failed', (error as Error).message);
      throw error instanceof StepFailure ? new StepFailure(error.code, error.message, step.id) : error;
    }
    this.progress(step.id, 'health', 'succeeded');
  }

  private async waitHealthy(containerId: string, probe: Probe, timing: ProbeTiming): Promise<void> {
    const startedAt = Date.now();
    let failures = 0;
    for (;;) {
      if (this.signal.aborted) throw new StepFailure(AgentErrorCode.cancelled, 'cancelled');
      const info = await this.host.docker.getContainer(containerId).inspect();
      const state = info.State;
      if (state.Status === 'exited' || state.Status === 'dead' || (state.Restarting && info.RestartCount > 0)) {
        throw new StepFailure(AgentErrorCode.containerFailed, `the container stopped (exit code ${state.ExitCode}${state.OOMKilled ? ', out of memory' : ''})`);
      }
      const address = info.NetworkSettings.Networks?.[this.place.network]?.IPAddress;
      let healthy = false;
      if (state.Running) {
        if (probe.type === 'running') healthy = true;
        else if (probe.type === 'docker') {
          if (state.Health?.Status === 'healthy') healthy = true;
          if (state.Health?.Status === 'unhealthy') throw new StepFailure(AgentErrorCode.unhealthy, 'the healthcheck command reports unhealthy');
        } else if (address) {
          healthy = probe.type === 'tcp' ? await probeTcp(address, probe.port, timing.timeoutMs) : await probeHttp(address, probe.port, probe.path, probe.expectStatus, timing.timeoutMs);
        }
      }
      if (healthy) return;
      if (probe.type !== 'docker' && Date.now() - startedAt >= timing.startPeriodMs && ++failures >= timing.retries) {
        throw new StepFailure(AgentErrorCode.unhealthy, `not healthy after ${failures} ${probe.type} probes`);
      }
      await sleep(probe.type === 'docker' ? 250 : timing.intervalMs, this.signal);
    }
  }

  private async runJob(planned: PlanJobStep): Promise<void> {
    const step = this.prepared(planned.id, prepareContainerStep(planned, this.outputs));
    await this.pull(step.id, step.image, step.pullAuth);
    this.throwIfCancelled(step.id);
    this.progress(step.id, 'job', 'started');
    const container = await this.host.docker.createContainer(jobContainerSpec(this.place, step)).catch((error: Error) => {
      throw new StepFailure(AgentErrorCode.containerFailed, `cannot create the job container: ${error.message}`, step.id);
    });
    await container.start();
    const logs = new AbortController();
    const following = streamLogLines(this.host.docker, container.id, { follow: true, signal: logs.signal }, (stream, at, line) => this.logLine(step.id, stream, line, at)).catch(() => undefined);
    let timedOut = false;
    const stop = () => container.stop({ t: 5 }).catch(() => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      void stop();
    }, (step.timeoutSeconds ?? 600) * 1000);
    this.signal.addEventListener('abort', stop, { once: true });
    try {
      const result = (await container.wait()) as { StatusCode: number };
      await Promise.race([following, sleep(1000, logs.signal)]);
      this.throwIfCancelled(step.id);
      if (timedOut) throw new StepFailure(AgentErrorCode.jobTimeout, `the job exceeded its timeout of ${step.timeoutSeconds} s`, step.id);
      if (result.StatusCode !== 0) throw new StepFailure(AgentErrorCode.jobFailed, `the job exited with code ${result.StatusCode}`, step.id);
      this.progress(step.id, 'job', 'succeeded');
    } catch (error) {
      this.progress(step.id, 'job', 'failed', (error as Error).message);
      throw error;
    } finally {
      clearTimeout(timer);
      logs.abort();
      this.signal.removeEventListener('abort', stop);
    }
  }

  /** What a plugin learns about the deployment's services (PLUGIN-CONTRACT.md, envelope `context.services`). */
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

  private async runComponent(step: PlanComponentStep): Promise<void> {
    const params = this.prepared(step.id, preparePluginParams(step.manifest.input, step.params, this.outputs));
    this.addMasks((step.manifest.secrets ?? []).map((key) => params[key]).filter((v): v is string => typeof v === 'string'));
    await this.pull(step.id, step.image, step.pullAuth);
    this.throwIfCancelled(step.id);
    this.progress(step.id, 'plugin', 'started', `${step.manifest.name}@${step.manifest.version}`);
    const result = await invokePlugin(this.host.docker, {
      place: this.place,
      step,
      action: 'run',
      params,
      context: this.invocationContext(),
      killAfterSeconds: this.host.pluginKillAfterSeconds,
      signal: this.signal,
      onLogLine: (line) => this.logLine(step.id, 'stderr', line),
    });
    if (!result.ok) {
      this.progress(step.id, 'plugin', 'failed', result.error.message);
      throw new StepFailure(result.error.code, result.error.message, step.id);
    }
    this.addMasks(writeOnlyOutputValues(step.manifest.output, result.outputs));
    this.outputs[step.id] = result.outputs;
    if (step.manifest.actions.includes('rollback')) {
      this.completedRollbacks.push({ stepId: step.id, image: step.image, ...(step.pullAuth ? { pullAuth: step.pullAuth } : {}), manifest: step.manifest, params, outputs: result.outputs });
      this.host.rollbackRecorded(step.id);
    }
    this.progress(step.id, 'plugin', 'succeeded');
  }
}
