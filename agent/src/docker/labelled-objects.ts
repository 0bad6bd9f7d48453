// Lists and removes the Docker objects labelled with this agent's node id — the only objects it ever
// touches.
import type Docker from 'dockerode';
import { AGENT_LABELS } from './labels.js';

export type ObjectKind = 'container' | 'network' | 'volume';

/** A Docker object carrying our labels, as listed from the engine. */
export interface LabelledObject {
  kind: ObjectKind;
  id: string;
  name: string;
  deploymentId: string;
  generation: number;
  stepId?: string;
}

function fromLabels(kind: LabelledObject['kind'], id: string, name: string, labels: Record<string, string> | undefined): LabelledObject | null {
  const deploymentId = labels?.[AGENT_LABELS.deployment];
  if (!deploymentId) return null;
  return { kind, id, name, deploymentId, generation: Number(labels?.[AGENT_LABELS.generation] ?? 0) || 0, stepId: labels?.[AGENT_LABELS.step] || undefined };
}

export async function listLabelledObjects(docker: Docker, nodeId: string, deploymentId?: string): Promise<LabelledObject[]> {
  const label = [`${AGENT_LABELS.node}=${nodeId}`, ...(deploymentId ? [`${AGENT_LABELS.deployment}=${deploymentId}`] : [])];
  const filters = JSON.stringify({ label });
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return [
    ...containers.map((c) => fromLabels('container', c.Id, (c.Names?.[0] ?? c.Id).replace(/^\//, ''), c.Labels)),
    ...networks.map((n) => fromLabels('network', n.Id, n.Name, n.Labels)),
    ...(volumes.Volumes ?? []).map((v) => fromLabels('volume', v.Name, v.Name, v.Labels)),
  ].filter((o): o is LabelledObject => o !== null);
}

const gone = (error: unknown): boolean => {
  const status = (error as { statusCode?: number }).statusCode;
  return status === 404 || status === 304;
};

/** Stops (within `gracefulStopSeconds`) and removes one object; an object already gone is fine. */
export async function removeObject(docker: Docker, object: LabelledObject, gracefulStopSeconds: number): Promise<void> {
  try {
    if (object.kind === 'container') {
      const container = docker.getContainer(object.id);
      await container.stop({ t: gracefulStopSeconds }).catch((error) => {
        if (!gone(error)) throw error;
      });
      await container.remove({ force: true, v: true });
    } else if (object.kind === 'network') {
      await docker.getNetwork(object.id).remove();
    } else {
      await docker.getVolume(object.id).remove({ force: true });
    }
  } catch (error) {
    if (!gone(error)) throw error;
  }
}
