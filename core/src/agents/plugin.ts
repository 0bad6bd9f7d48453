// The agents root plugin: decorates the app with the agent hub (`app.agents`), so every module that
// dials a node, asks it something or hears it (nodes, catalog, deployments) reaches it the same way,
// without importing another feature module. Registered before the feature modules; the deployments
// module is the hub's listener. Stopped on close (and first, by `ControlPlane.stopAgents`).
import fp from 'fastify-plugin';
import { NULLOPS_VERSION } from '../kernel/version.js';
import { AgentHub } from './agent-hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    agents: AgentHub;
  }
}

export interface AgentsOptions {
  backoff?: { initialMs: number; maxMs: number };
}

export const agentsPlugin = fp<AgentsOptions>(
  async (app, options) => {
    const log = app.log.child({ module: 'agents' });
    const hub = new AgentHub({
      graceSeconds: app.config.nodeOfflineGraceSeconds,
      backoff: options.backoff ?? { initialMs: 500, maxMs: 30_000 },
      requestTimeoutMs: 30_000,
      controlPlaneVersion: NULLOPS_VERSION,
      log: (message, fields) => log.info(fields ?? {}, message),
      logError: (message, fields) => log.error(fields, message),
    });
    app.decorate('agents', hub);
    app.addHook('onClose', async () => hub.stop());
  },
  { name: 'nullops-agents' },
);
