// How a deployment's status follows what its agent reports, and what the agent should be told about
// it after a reconnect. Pure: the rules are tested without an agent or a database.
import type { DeploymentStatus } from './entities.js';

/** Statuses whose deployment holds its node's CPU and memory. */
export const ALLOCATING: readonly DeploymentStatus[] = ['pending', 'deploying', 'running', 'offline', 'cancelling', 'deleting'];
/** Statuses the reaper may expire. */
export const EXPIRABLE: readonly DeploymentStatus[] = ['pending', 'deploying', 'running', 'failed', 'offline'];

export type AgentReported = 'deploying' | 'running' | 'failed' | 'deleted';

/**
 * The status after the agent reports `reported` for the current generation. While a removal is under
 * way only `deleted` moves it on; a deleted deployment stays deleted.
 */
export function statusAfterReport(current: DeploymentStatus, reported: AgentReported): DeploymentStatus {
  if (current === 'deleted') return 'deleted';
  if (current === 'cancelling' || current === 'deleting') return reported === 'deleted' ? 'deleted' : current;
  if (reported === 'deleted') return current === 'failed' ? 'failed' : 'deleted';
  return reported;
}

/** What the agent should hold for a deployment, for `sync`. */
export function desiredOnAgent(status: DeploymentStatus): 'running' | 'absent' {
  return status === 'pending' || status === 'deploying' || status === 'running' || status === 'offline' ? 'running' : 'absent';
}

/** A removal the agent has to be (re)told about after it reconnects. */
export function needsDestroy(status: DeploymentStatus): boolean {
  return status === 'cancelling' || status === 'deleting';
}

/** DELETE on a deployment: a deploying one is cancelled (rolled back), a live one deleted. */
export function removalOf(status: DeploymentStatus): { status: 'cancelling' | 'deleting'; reason: 'cancelled' | 'deleted' } | null {
  if (status === 'pending' || status === 'deploying') return { status: 'cancelling', reason: 'cancelled' };
  if (status === 'running' || status === 'failed' || status === 'offline') return { status: 'deleting', reason: 'deleted' };
  return null;
}
