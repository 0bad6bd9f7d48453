// The observed view: what Docker has of this node, as labelled containers, networks and volumes per
// deployment. Read at the start of each converge() (and by cleanup for the whole node) — Docker is
// the truth about what exists; the state file only says what the agent did.
import type Docker from 'dockerode';
import { listLabelledObjects, type LabelledObject } from '../docker/labelled-objects.js';

export type ObservedNode = ReadonlyMap<string, readonly LabelledObject[]>;

/** Objects grouped by the deployment their labels name. */
export function byDeployment(objects: readonly LabelledObject[]): Map<string, LabelledObject[]> {
  const grouped = new Map<string, LabelledObject[]>();
  for (const object of objects) grouped.set(object.deploymentId, [...(grouped.get(object.deploymentId) ?? []), object]);
  return grouped;
}

/** Every labelled object of this node, by deployment. */
export async function observeNode(docker: Docker, nodeId: string): Promise<ObservedNode> {
  return byDeployment(await listLabelledObjects(docker, nodeId));
}

/** One deployment's labelled objects, every generation. */
export function observeDeployment(docker: Docker, nodeId: string, deploymentId: string): Promise<LabelledObject[]> {
  return listLabelledObjects(docker, nodeId, deploymentId);
}
