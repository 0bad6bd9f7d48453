// Deployments: the orchestrator (agent hub, status, logs, routes to the ingress), access checks that
// find a deployment's project and environment, "in use" guards for projects and environments, the
// reaper, and the deployment routes.
import fp from 'fastify-plugin';
import type { FeatureModule } from '../feature-module.js';
import { Deployment } from './entities.js';
import { Orchestrator } from './orchestrator.js';
import { startReaper } from './reaper.js';
import { deploymentsRoutes } from './routes.js';

const services = fp(
  async (app) => {
    const orchestrator = new Orchestrator(app, { graceSeconds: app.config.nodeOfflineGraceSeconds });
    app.decorate('orchestrator', orchestrator);
    app.accessTargets.register('deployment', async (em, id) => {
      const deployment = await em.findOne(Deployment, { id }, { fields: ['projectId', 'environmentId'] });
      return deployment ? { kind: 'deployment', projectId: deployment.projectId, environmentId: deployment.environmentId } : null;
    });
    const liveDeploymentNames = (field: 'projectId' | 'environmentId') => async (em: typeof app.orm.em, id: string) =>
      (await em.find(Deployment, { [field]: id, status: { $ne: 'deleted' } }, { fields: ['name'] })).map((d) => d.name);
    app.deletionGuards.project.push({ what: 'deployments', usersOf: liveDeploymentNames('projectId') as never });
    app.deletionGuards.environment.push({ what: 'deployments', usersOf: liveDeploymentNames('environmentId') as never });

    let stopReaper = () => {};
    // Dial agents only once every driver (the ingress above all) is registered.
    app.addHook('onReady', async () => {
      await orchestrator.start();
      stopReaper = startReaper(app, app.config.reaperIntervalSeconds);
    });
    app.addHook('onClose', async () => {
      stopReaper();
      await orchestrator.stop();
    });
  },
  { name: 'nullops-deployments', dependencies: ['nullops-identity', 'nullops-secrets', 'nullops-deletion-guards'] },
);

export const deploymentsModule: FeatureModule = { name: 'deployments', services, routes: deploymentsRoutes };
