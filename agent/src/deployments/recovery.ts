// What the agent knows again after it lost its memory: from the state file (records of what it did) and,
// for deployments the state file does not list, from Docker's labels. Pure; table.ts does the reading.
import type { LabelledObject } from '../docker/labelled-objects.js';
import type { ServiceObservation } from '../observability/service-observation.js';
import type { DeploymentRecord } from '../state/state-file.js';
import type { DeploymentEntry } from './converge.js';

/** A row for a record of the state file: kept as it is until a request or a sync says otherwise. */
export function restoredEntry(record: DeploymentRecord): DeploymentEntry {
  return { desired: { want: 'running', generation: record.generation }, record, masks: [] };
}

/**
 * A row for a deployment Docker has objects of but the agent has no record of: its newest generation,
 * `running` when every service of it runs, else `failed` (cleanup then removes its objects).
 */
export function adoptedEntry(deploymentId: string, objects: readonly LabelledObject[], services: readonly ServiceObservation[]): DeploymentEntry {
  const generation = Math.max(...objects.map((o) => o.generation));
  const mine = services.filter((s) => s.deploymentId === deploymentId);
  const running = mine.length > 0 && mine.every((s) => s.status === 'running');
  return restoredEntry({ id: deploymentId, generation, seq: 0, status: running ? 'running' : 'failed', rollbackSteps: [] });
}
