// Projects: what can be deployed. Registers how access checks find a project, and the project routes.
import fp from 'fastify-plugin';
import type { FeatureModule } from '../feature-module.js';
import { Project } from './entity.js';
import { projectsRoutes } from './routes.js';

const services = fp(
  async (app) => {
    app.accessTargets.register('project', async (em, id) => ((await em.findOne(Project, { id }, { fields: ['id'] })) ? { kind: 'project', id } : null));
  },
  { name: 'nullops-projects', dependencies: ['nullops-identity'] },
);

export const projectsModule: FeatureModule = { name: 'projects', services, routes: projectsRoutes };
