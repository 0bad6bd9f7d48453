// Nodes: the Docker hosts of environments, managed by admins. Their connections are the agent hub's
// (`app.agents`); what runs on them is asked through the node workload port (workload.ts), which the
// deployments module fills. Every node that is not revoked is dialed once the app is ready.
import fp from 'fastify-plugin';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeatureModule } from '../feature-module.js';
import { dial } from './agent-link.js';
import { Node } from './entity.js';
import { nodesRoutes } from './routes.js';

const services = fp(
  async (app) => {
    // Dial agents only once every driver (the ingress above all) and the hub's listener are in place.
    app.addHook('onReady', async () => {
      const nodes = await (app.orm.em.fork() as EntityManager).find(Node, { status: { $ne: 'revoked' } });
      for (const node of nodes) dial(app, node);
    });
  },
  { name: 'nullops-nodes', dependencies: ['nullops-agents'] },
);

export const nodesModule: FeatureModule = { name: 'nodes', services, routes: nodesRoutes };
