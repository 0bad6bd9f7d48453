// The catalog: container registries, services and installed plugins. Its services give the app a
// registry client (`app.registryClient`) and the short-lived tag cache (`app.tagCache`).
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import { pluginsRoutes } from './plugins.routes.js';
import { registriesRoutes } from './registries.routes.js';
import { RegistryClient } from './registry-client.js';
import { servicesRoutes } from './services.routes.js';
import { TagCache } from './tag-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    registryClient: RegistryClient;
    tagCache: TagCache;
  }
}

const services = fp(
  async (app) => {
    app.decorate('registryClient', new RegistryClient());
    app.decorate('tagCache', new TagCache());
  },
  { name: 'nullops-catalog' },
);

const routes: FastifyPluginAsync = async (app) => {
  await app.register(registriesRoutes);
  await app.register(servicesRoutes);
  await app.register(pluginsRoutes);
};

export const catalogModule: FeatureModule = { name: 'catalog', services, routes };
