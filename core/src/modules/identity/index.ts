// Identity and access: users, sessions and API tokens (through the auth driver), teams, grants, and the
// enforcement of every route's declared access.
import type { FastifyPluginAsync } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import { authRoutes } from './auth.routes.js';
import { grantsRoutes } from './grants.routes.js';
import { identityPlugin } from './plugin.js';
import { teamsRoutes } from './teams.routes.js';
import { usersRoutes } from './users.routes.js';

const routes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(teamsRoutes);
  await app.register(grantsRoutes);
};

export const identityModule: FeatureModule = { name: 'identity', services: identityPlugin, routes };
