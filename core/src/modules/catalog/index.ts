// The catalog: container registries, services and installed plugins. Its services give the app a
// registry client (`app.registryClient`), the short-lived tag cache (`app.tagCache`) and the
// installed-plugins signal (`app.pluginsChanged`), which tells who listens (the deployments module
// re-sends every node its desired state) that the plugins changed.
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
    pluginsChanged: PluginsChanged;
  }
}

/** Listeners told, once the change is committed, that plugins were installed, updated or removed. */
export class PluginsChanged {
  private readonly listeners: (() => void)[] = [];

  listen(listener: () => void): void {
    this.listeners.push(listener);
  }

  tell(): void {
    for (const listener of this.listeners) listener();
  }
}

const services = fp(
  async (app) => {
    app.decorate('registryClient', new RegistryClient());
    app.decorate('tagCache', new TagCache());
    app.decorate('pluginsChanged', new PluginsChanged());
  },
  { name: 'nullops-catalog' },
);

const routes: FastifyPluginAsync = async (app) => {
  await app.register(registriesRoutes);
  await app.register(servicesRoutes);
  await app.register(pluginsRoutes);
};

export const catalogModule: FeatureModule = { name: 'catalog', services, routes };
