// Reads of nodes with what they carry right now: allocation (the deployments placed on them, from the
// node workload port) and the usage their agent last reported.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Environment } from '../environments/entity.js';
import type { Node } from './entity.js';
import type { NodeView } from './schemas.js';
import type { NodeWorkload } from './workload.js';

export async function nodeViews(em: EntityManager, workload: Pick<NodeWorkload, 'loadOf'>, nodes: Node[]): Promise<NodeView[]> {
  const loads = await workload.loadOf(em, nodes.map((n) => n.id));
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

const round = (n: number) => Math.round(n * 1000) / 1000;
