// converge()'s decisions, pure: given what is desired of one deployment, what the agent did (its record)
// and what Docker has (the observed view), what to do — run the plan, tear everything down, or only
// remove objects that should not be there — and what to report. converge.ts carries them out.
import type { Plan, RollbackCall, StatusEvent } from '@nullops/core/contracts';
import type { LabelledObject, ObjectKind } from '../docker/labelled-objects.js';
import type { ServiceObservation } from '../observability/service-observation.js';
import type { DeploymentRecord } from '../state/state-file.js';
import type { Desired } from './desired.js';

export interface ConvergeView {
  /** Undefined: the deployment is not in the table (objects of it are orphans). */
  desired: Desired | undefined;
  record: DeploymentRecord | undefined;
  /** The deployment's labelled containers, networks and volumes, every generation. */
  observed: readonly LabelledObject[];
  /** False until the first `sync` of this process: until then only a deploy or destroy removes anything. */
  synced: boolean;
}

export type Decision =
  /** Remove the objects of older generations, then run the plan. */
  | { action: 'deploy'; plan: Plan; remove: LabelledObject[] }
  /** Run the owed rollbacks, remove everything, report `deleted` and forget the deployment. */
  | { action: 'teardown' }
  /** Nothing to run: remove what should not be there (possibly nothing). */
  | { action: 'tidy'; remove: LabelledObject[] };

const REMOVAL_ORDER: Record<ObjectKind, number> = { container: 0, volume: 1, network: 2 };

/** Containers first: a network or volume in use cannot go before them. */
export function inRemovalOrder(objects: readonly LabelledObject[]): LabelledObject[] {
  return [...objects].sort((a, b) => REMOVAL_ORDER[a.kind] - REMOVAL_ORDER[b.kind]);
}

/** The objects to remove when only generation `keep` and newer may stay (`null`: none may). */
function olderThan(objects: readonly LabelledObject[], keep: number | null): LabelledObject[] {
  return inRemovalOrder(objects.filter((o) => keep === null || o.generation < keep));
}

export function decide({ desired, record, observed, synced }: ConvergeView): Decision {
  if (desired?.want === 'absent') return { action: 'teardown' };
  const plan = desired?.plan;
  if (plan && record?.status === 'deploying' && record.generation === plan.generation) {
    return { action: 'deploy', plan, remove: olderThan(observed, plan.generation) };
  }
  // Before its first sync the agent removes nothing it was not asked to: it does not know yet what is wanted.
  if (!synced) return { action: 'tidy', remove: [] };
  if (!desired) return { action: 'tidy', remove: inRemovalOrder(observed) };
  const live = record && (record.status === 'running' || record.status === 'deploying');
  return { action: 'tidy', remove: olderThan(observed, live ? record.generation : null) };
}

/**
 * The plugin rollbacks a teardown runs, in completion order (runRollbacks reverses them): only those
 * still owed — recorded by this agent and not undone, or all the request names when the agent knew
 * nothing of the deployment — taken from the request, else from the last run's memory.
 */
export function rollbacksOwed(requested: readonly RollbackCall[], record: DeploymentRecord, completedByLastRun: readonly RollbackCall[]): RollbackCall[] {
  const owed = new Set([...record.rollbackSteps, ...(record.pendingRollbacks ?? [])]);
  const fromRequest = requested.filter((r) => owed.has(r.stepId));
  const fromMemory = completedByLastRun.filter((r) => owed.has(r.stepId) && !fromRequest.some((q) => q.stepId === r.stepId));
  return [...fromMemory, ...fromRequest];
}

/** Undone rollbacks are no longer owed. */
export function withoutUndone(record: DeploymentRecord, undone: readonly RollbackCall[]): DeploymentRecord {
  const done = new Set(undone.map((r) => r.stepId));
  return {
    ...record,
    rollbackSteps: record.rollbackSteps.filter((s) => !done.has(s)),
    ...(record.pendingRollbacks ? { pendingRollbacks: record.pendingRollbacks.filter((s) => !done.has(s)) } : {}),
  };
}

/** Component steps to undo, last completed first (docs/plugin-contract.md, "One run", 6). */
export function rollbackOrder<T extends { stepId: string }>(completedInOrder: readonly T[]): T[] {
  return [...completedInOrder].reverse();
}

/** The `status` event reporting a record; a running deployment reports only its current generation's services. */
export function statusReport(record: DeploymentRecord, observed: readonly ServiceObservation[], outputs?: Record<string, Record<string, unknown>>): StatusEvent {
  const services = observed
    .filter((s) => s.deploymentId === record.id && (s.generation === record.generation || record.status !== 'running'))
    .map(({ stepId, status, health, publishedPort, restartCount }) => ({ stepId, status, health, ...(publishedPort ? { publishedPort } : {}), restartCount }));
  return {
    deploymentId: record.id,
    generation: record.generation,
    status: record.status,
    ...(record.error ? { error: record.error } : {}),
    ...(record.pendingRollbacks ? { pendingRollbacks: record.pendingRollbacks } : {}),
    services,
    ...(outputs && Object.keys(outputs).length ? { outputs } : {}),
  };
}
