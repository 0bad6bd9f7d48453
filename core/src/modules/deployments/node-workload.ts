// The deployments module's side of the nodes module's workload port (nodes/workload.ts): what runs on
// nodes, read and let go of here, where deployments are owned.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NodeLoad, NodeWorkload } from '../nodes/workload.js';
import { Deployment } from './entities.js';
import type { DeploymentLifecycle } from './lifecycle.js';
import type { NodeLinks } from './node-links.js';
import { ALLOCATING } from './transitions.js';

export function nodeWorkload(lifecycle: DeploymentLifecycle, links: NodeLinks): NodeWorkload {
  const liveOn = (em: EntityManager, nodeId: string) => em.find(Deployment, { nodeId, status: { $ne: 'deleted' } });
  return {
    async loadOf(em, nodeIds) {
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
    },
    liveOn,
    async forgetNode(em, nodeId, by) {
      const then = lifecycle.nodeDeleted(await liveOn(em, nodeId), by);
      await em.nativeUpdate(Deployment, { nodeId }, { nodeId: null });
      return then;
    },
    announce: (node) => links.announce(node),
  };
}
