// How a deployment's status follows what users ask and what its agent reports, and what the agent
// should be told about it after a reconnect. Pure: the rules are tested without an agent or a database;
// lifecycle.ts applies them to the rows.
import type { DeploymentService, DeploymentStatus } from './entities.js';

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

/** Being removed or gone: it cannot be extended, and a failure report sends no rollback calls of its own. */
export function isLeaving(status: DeploymentStatus): boolean {
  return status === 'cancelling' || status === 'deleting' || status === 'deleted';
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

/** After a node came back from offline: until the agent reports again, a deployment that was running counts as running. */
export function statusAfterOutage(services: readonly DeploymentService[]): 'running' | 'deploying' {
  return services.length ? 'running' : 'deploying';
}

export type HelloVerdict =
  | { kind: 'destroy'; reason: 'cancelled' | 'deleted' }
  | { kind: 'status'; status: DeploymentStatus }
  | { kind: 'lost' }
  | { kind: 'unchanged' };

/**
 * What a reconnecting agent's `hello` means for one of its node's deployments: a removal under way is sent
 * again; a report of the current generation moves the status on; a deployment the agent should run but no
 * longer has (it lost its state) has failed.
 */
export function afterHello(deployment: { status: DeploymentStatus; generation: number }, known: { generation: number; status: AgentReported } | undefined): HelloVerdict {
  const { status } = deployment;
  if (needsDestroy(status)) return { kind: 'destroy', reason: status === 'cancelling' ? 'cancelled' : 'deleted' };
  if (known && known.generation === deployment.generation) {
    const next = statusAfterReport(status, known.status);
    return next === status ? { kind: 'unchanged' } : { kind: 'status', status: next };
  }
  if (!known && desiredOnAgent(status) === 'running' && status !== 'pending') return { kind: 'lost' };
  return { kind: 'unchanged' };
}

/** Folds what the agent reports about services into the deployment's service list. */
export function mergeServices(
  known: DeploymentService[],
  reported: readonly { stepId: string; status: string; health: string; publishedPort?: number; restartCount: number; cpuPercent?: number; memoryMb?: number; lastError?: string }[],
): DeploymentService[] {
  const byId = new Map(reported.map((r) => [r.stepId, r]));
  return known.map((service) => {
    const report = byId.get(service.id);
    if (!report) return service;
    return {
      ...service,
      status: report.status,
      health: report.health,
      publishedPort: report.publishedPort ?? service.publishedPort,
      restartCount: report.restartCount,
      ...(report.cpuPercent !== undefined ? { cpuPercent: report.cpuPercent } : {}),
      ...(report.memoryMb !== undefined ? { memoryMb: report.memoryMb } : {}),
      ...(report.lastError ? { lastError: report.lastError } : {}),
    };
  });
}

/** The services of a deployment whose containers are gone. */
export function servicesRemoved(services: DeploymentService[]): DeploymentService[] {
  return services.map((service) => ({ ...service, status: 'removed', health: 'none', publishedPort: null }));
}
