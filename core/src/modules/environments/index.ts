// Environments: where deployments run. Registers how access checks find one, and the environment routes.
import fp from 'fastify-plugin';
import type { FeatureModule } from '../feature-module.js';
import { Environment } from './entity.js';
import { environmentsRoutes } from './routes.js';

const services = fp(
  async (app) => {
    app.accessTargets.register('environment', async (em, id) => ((await em.findOne(Environment, { id }, { fields: ['id'] })) ? { kind: 'environment', id } : null));
  },
  { name: 'nullops-environments', dependencies: ['nullops-identity'] },
);

export const environmentsModule: FeatureModule = { name: 'environments', services, routes: environmentsRoutes };
