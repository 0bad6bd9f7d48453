// Deployments: their lifecycle (every status and generation change), what agents are told (agent
// commands) and what they report (report intake, node links), live log subscriptions, the kept logs,
// the live event bus, route publishing to the ingress, access checks that find a deployment's project
// and environment, "in use" guards for projects and environments, the node workload port, the reaper,
// and the deployment routes. The deployments module is the agent hub's listener.
import fp from 'fastify-plugin';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FeatureModule } from '../feature-module.js';
import type {} from '../../agents/plugin.js';
import type {} from '../catalog/index.js';
import type {} from '../nodes/workload.js';
import { AgentCommands } from './agent-commands.js';
import { Deployment } from './entities.js';
import { DeploymentLifecycle } from './lifecycle.js';
import { LiveEvents } from './live-events.js';
import { LogStore } from './log-store.js';
import { LogSubscriptions } from './log-subscriptions.js';
import { NodeLinks } from './node-links.js';
import { nodeWorkload } from './node-workload.js';
import { startReaper } from './reaper.js';
import { ReportIntake } from './report-intake.js';
import { RoutePublisher } from './route-publisher.js';
import { deploymentsRoutes } from './routes.js';

/** What the deployments module gives the app (`app.deployments`). */
export interface DeploymentServices {
  lifecycle: DeploymentLifecycle;
  live: LiveEvents;
  logs: LogStore;
  logSubscriptions: LogSubscriptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    deployments: DeploymentServices;
  }
}

const services = fp(
  async (app) => {
    const log = app.log.child({ module: 'deployments' });
    const fork = () => app.orm.em.fork() as EntityManager;
    const live = new LiveEvents();
    const logs = new LogStore(fork, (message) => log.warn(message));
    const routes = new RoutePublisher(app, log);
    const commands = new AgentCommands(app, log);
    const lifecycle = new DeploymentLifecycle(app, { live, routes, commands });
    const logSubscriptions = new LogSubscriptions(app.agents);
    const intake = new ReportIntake(app, { lifecycle, commands, live, logs, logSubscriptions, routes }, log);
    const links = new NodeLinks(app, { lifecycle, commands, live, routes });

    app.agents.listen({
      onHello: (nodeId, hello) => links.onHello(nodeId, hello),
      onEvent: (nodeId, frame) => intake.onEvent(nodeId, frame),
      onLinkState: (nodeId, state) => links.onLinkState(nodeId, state),
      onOffline: (nodeId) => links.onOffline(nodeId),
    });
    // Once no agent is heard any more: what was taken in is written, the last route table published.
    app.agents.onStop(async () => {
      await routes.stop();
      await logs.flush();
    });
    app.pluginsChanged.listen(() => commands.syncAll());
    app.decorate('deployments', { lifecycle, live, logs, logSubscriptions });
    app.decorate('nodeWorkload', nodeWorkload(lifecycle, links));

    app.accessTargets.register('deployment', async (em, id) => {
      const deployment = await em.findOne(Deployment, { id }, { fields: ['projectId', 'environmentId'] });
      return deployment ? { kind: 'deployment', projectId: deployment.projectId, environmentId: deployment.environmentId } : null;
    });
    const liveDeploymentNames = (field: 'projectId' | 'environmentId') => async (em: EntityManager, id: string) =>
      (await em.find(Deployment, { [field]: id, status: { $ne: 'deleted' } }, { fields: ['name'] })).map((d) => d.name);
    app.deletionGuards.project.push({ what: 'deployments', usersOf: liveDeploymentNames('projectId') });
    app.deletionGuards.environment.push({ what: 'deployments', usersOf: liveDeploymentNames('environmentId') });

    let stopReaper = () => {};
    app.addHook('onReady', async () => {
      routes.schedule();
      stopReaper = startReaper(app, app.config.reaperIntervalSeconds);
    });
    // The hub itself stops on close (agents plugin), and first of all through `ControlPlane.stopAgents`.
    app.addHook('onClose', async () => stopReaper());
  },
  { name: 'nullops-deployments', dependencies: ['nullops-agents', 'nullops-catalog', 'nullops-identity', 'nullops-secrets', 'nullops-deletion-guards'] },
);

export const deploymentsModule: FeatureModule = { name: 'deployments', services, routes: deploymentsRoutes };
