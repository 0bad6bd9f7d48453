// What a step needs from the deployment run it belongs to (deployment-run.ts): the host's Docker and
// event stream, the run's place, cancel signal, outputs so far, progress and log reporting; and the
// run's one decision, which steps may start.
import type Docker from 'dockerode';
import type { ErrorInfo, InvocationContext, MessageType, PayloadOf, Plan, PlanServiceStep, ProgressPhase, RollbackCall } from '@nullops/core/contracts';
import { readySteps, type DagNode, type Prepared } from '@nullops/core/pipeline';
import type { Firewall } from '../docker/firewall.js';
import type { DeploymentPlace } from './container-specs.js';

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

export interface StepRun {
  readonly host: RunHost;
  readonly plan: Plan;
  readonly place: DeploymentPlace;
  readonly signal: AbortSignal;
  /** Outputs of the component steps done so far, by step id. */
  readonly outputs: Record<string, Record<string, unknown>>;
  progress(stepId: string | undefined, phase: ProgressPhase, status: 'started' | 'succeeded' | 'failed', message?: string): void;
  logLine(stepId: string, stream: 'stdout' | 'stderr', line: string, at?: string): void;
  throwIfCancelled(stepId: string): void;
  /** Pulls the image unless present, reporting progress; a failure is the step's IMAGE_PULL_FAILED. */
  pull(stepId: string, image: string, pullAuth: PlanServiceStep['pullAuth']): Promise<void>;
  /** A prepared value, or the step's failure (the run then stops and everything is rolled back). */
  prepared<T>(stepId: string, prepared: Prepared<T>): T;
  addMasks(values: Iterable<string>): void;
  invocationContext(): Omit<InvocationContext, 'deadline' | 'idempotencyKey'>;
  /** A component step with a `rollback` action completed with these params and outputs. */
  rollbackCompleted(call: RollbackCall): void;
}

/** Waits `ms`, or less when the signal aborts. */
export const sleepUnlessAborted = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Within a run: the steps whose needs all succeeded and that have not started; none once the run failed. */
export function stepsToStart(steps: readonly DagNode[], succeeded: ReadonlySet<string>, started: ReadonlySet<string>, failed: boolean): string[] {
  return failed ? [] : readySteps(steps, succeeded, started);
}
