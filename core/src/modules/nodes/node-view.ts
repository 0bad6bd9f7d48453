// Reads of nodes with what they carry right now: allocation (the deployments placed on them) and the
// usage their agent last reported. Also the placement view the placement checks take.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlacementNode } from '../../contracts/index.js';
import { Deployment } from '../deployments/entities.js';
import { ALLOCATING } from '../deployments/transitions.js';
import { Environment } from '../environments/entity.js';
import type { Node } from './entity.js';
import type { NodeView } from './schemas.js';

export interface NodeLoad {
  allocated: { cpu: number; memoryMb: number };
  deployments: number;
}

export async function loadOf(em: EntityManager, nodeIds: string[]): Promise<Map<string, NodeLoad>> {
  const loads = new Map<string, NodeLoad>(nodeIds.map((id) => [id, { allocated: { cpu: 0, memoryMb: 0 }, deployments: 0 }]));
  if (!nodeIds.length) return loads;
  const deployments = await em.find(Deployment, { nodeId: { $in: nodeIds }, status: { $ne: 'deleted' } }, { fields: ['nodeId', 'status', 'resources'] });
  for (const deployment of deployments) {
    const load = loads.get(deployment.nodeId!)!;
    load.deployments++;
    if (ALLOCATING.includes(deployment.status)) {
      load.allocated.cpu += deployment.resources.cpu;
      load.allocated.memoryMb += deployment.resources.memoryMb;
    }
  }
  return loads;
}

export async function nodeViews(em: EntityManager, nodes: Node[]): Promise<NodeView[]> {
  const loads = await loadOf(em, nodes.map((n) => n.id));
  const environments = new Map((await em.find(Environment, { id: { $in: [...new Set(nodes.map((n) => n.environmentId))] } })).map((e) => [e.id, e]));
  return nodes.map((node) => {
    const load = loads.get(node.id)!;
    return {
      id: node.id,
      name: node.name,
      environment: { id: node.environmentId, name: environments.get(node.environmentId)?.name ?? '' },
      host: node.host,
      port: node.port,
      enabled: node.enabled,
      status: node.status,
      statusMessage: node.statusMessage,
      thumbprint: node.thumbprint,
      ...(node.pendingThumbprint ? { pendingThumbprint: node.pendingThumbprint } : {}),
      agentVersion: node.agentVersion,
      publishAddress: node.publishAddress,
      firewall: node.firewall ?? null,
      labels: node.labels,
      capacity: { cpu: node.capacity.cpu, memoryMb: node.capacity.memoryMb },
      allocated: { cpu: round(load.allocated.cpu), memoryMb: load.allocated.memoryMb },
      usage: { cpuPercent: node.usage.cpuPercent, memoryMb: node.usage.memoryMb },
      deployments: load.deployments,
      lastSeenAt: node.lastSeenAt?.toISOString() ?? null,
    };
  });
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

const round = (n: number) => Math.round(n * 1000) / 1000;
