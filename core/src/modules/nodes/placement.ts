// Where a project would go in an environment now: every configured placement check (`app.placement`)
// over the environment's online, enabled nodes with what they carry (`app.nodeWorkload`). Used to place
// a deployment and to preview placement in a pipeline dry run.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlacementNode, Shortfall } from '../../contracts/index.js';
import type { Environment } from '../environments/entity.js';
import type { Project } from '../projects/entity.js';
import { Node } from './entity.js';
import { placeDeployment } from './place-deployment.js';
import type { NodeLoad } from './workload.js';

export type PlacementAnswer =
  | { node: { id: string; name: string } }
  | { shortfalls: { node: { id: string; name: string }; shortfalls: Shortfall[] }[]; reason?: string };

/** The best-fitting online, enabled node of the environment for the project, or what was short. */
export async function placementFor(app: FastifyInstance, em: EntityManager, project: Project, environment: Environment): Promise<{ answer: PlacementAnswer; node?: Node }> {
  const candidates = await em.find(Node, { environmentId: environment.id, status: 'online', enabled: true });
  if (!candidates.length) return { answer: { shortfalls: [], reason: `No enabled node of environment "${environment.name}" is online.` } };
  const loads = await app.nodeWorkload.loadOf(em, candidates.map((n) => n.id));
  const placement = placeDeployment({ resources: project.resources, nodeSelector: project.nodeSelector ?? {} }, candidates.map((n) => placementViewOf(n, loads.get(n.id)!)), app.placement.checks);
  if (!placement.placed) return { answer: { shortfalls: placement.shortfalls } };
  const node = candidates.find((n) => n.id === placement.node.id)!;
  return { answer: { node: { id: node.id, name: node.name } }, node };
}

export function placementViewOf(node: Node, load: NodeLoad): PlacementNode {
  return {
    id: node.id,
    name: node.name,
    labels: node.labels,
    capacity: { cpu: node.capacity.cpu, memoryMb: node.capacity.memoryMb },
    allocated: load.allocated,
    usage: { cpuPercent: node.usage.cpuPercent, memoryMb: node.usage.memoryMb },
  };
}
