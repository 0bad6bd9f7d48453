// The desired table: what the control plane asked this agent for, per deployment — a plan at a
// generation, or "absent" with the plugin rollbacks it hands over. Requests only write here (after the
// checks below); converge() reads it. Everything in this file is pure.
import { AgentErrorCode, type Destroy, type Plan, type RollbackCall, type Sync } from '@nullops/core/contracts';
import { topologicalOrder } from '@nullops/core/pipeline';
import type { DeploymentRecord } from '../state/state-file.js';

export type Desired =
  /** Run `plan` (or, without one — restored from the state file or Docker labels — keep what runs). */
  | { want: 'running'; generation: number; plan?: Plan }
  /** Remove everything of the deployment, running these plugin rollbacks (the owed ones) first. */
  | { want: 'absent'; generation: number; gracefulStopSeconds: number; rollbacks: readonly RollbackCall[] };

/** A request the agent refuses, with the protocol error code it answers. */
export interface Refusal {
  code: AgentErrorCode;
  message: string;
}

/** Why a plan cannot run, or null: duplicate step ids, needs naming unknown steps, cycles. */
export function planProblem(plan: Plan): string | null {
  const ids = plan.steps.map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) return `step id "${duplicate}" appears twice`;
  for (const step of plan.steps) {
    const unknown = step.needs.find((n) => !ids.includes(n));
    if (unknown) return `step "${step.id}" needs "${unknown}", which is not in the plan`;
  }
  const order = topologicalOrder(plan.steps);
  if (!order.ok) return `the steps form a cycle: ${order.cycle.join(' → ')}`;
  return null;
}

const notSynced: Refusal = { code: AgentErrorCode.notSynced, message: 'the agent has no node id yet: send sync first' };

/** Whether a `deploy` is refused, given the record the agent has of that deployment (if any). */
export function refuseDeploy(plan: Plan, record: DeploymentRecord | undefined, nodeKnown: boolean): Refusal | null {
  if (!nodeKnown) return notSynced;
  const problem = planProblem(plan);
  if (problem) return { code: AgentErrorCode.invalidPlan, message: problem };
  if (record && plan.generation <= record.generation) {
    return { code: AgentErrorCode.staleGeneration, message: `generation ${plan.generation} is not newer than ${record.generation}` };
  }
  return null;
}

/** Whether a `destroy` is refused: only an older generation than the agent's is. */
export function refuseDestroy(request: Destroy, record: DeploymentRecord | undefined, nodeKnown: boolean): Refusal | null {
  if (!nodeKnown) return notSynced;
  if (record && request.generation < record.generation) {
    return { code: AgentErrorCode.staleGeneration, message: `generation ${request.generation} is older than ${record.generation}` };
  }
  return null;
}

/** The record a `destroy` of a deployment this agent knows nothing of starts from: every rollback it names is owed. */
export function recordForUnknown(request: Destroy): DeploymentRecord {
  return { id: request.deploymentId, generation: request.generation, seq: request.seq, status: 'failed', rollbackSteps: request.rollbacks.map((r) => r.stepId) };
}

export interface SyncOutcome {
  /** Known deployments the sync does not want (absent or not listed): they are destroyed at this generation. */
  remove: { id: string; generation: number }[];
  /** Wanted running but unknown here: reported failed with UNKNOWN_DEPLOYMENT. */
  unknown: { id: string; generation: number }[];
}

/** What a `sync` (the whole desired state) changes, given the agent's records. An older sync never removes a newer deployment. */
export function syncOutcome(sync: Sync, records: readonly DeploymentRecord[]): SyncOutcome {
  const wanted = new Map(sync.deployments.map((d) => [d.id, d]));
  const known = new Set(records.map((r) => r.id));
  const unknown = sync.deployments.filter((d) => d.desired === 'running' && !known.has(d.id)).map(({ id, generation }) => ({ id, generation }));
  const remove = records
    .filter((record) => {
      const desired = wanted.get(record.id);
      const absent = desired ? desired.desired === 'absent' : true;
      return absent && record.seq <= sync.seq && record.status !== 'deleted';
    })
    .map((record) => ({ id: record.id, generation: Math.max(record.generation, wanted.get(record.id)?.generation ?? 0) }));
  return { remove, unknown };
}
