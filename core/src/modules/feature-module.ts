// The shape of a feature module: `services` are root-level plugins that decorate the app (drivers may use
// them); `routes` are encapsulated route groups mounted under /api/v1.
import type { FastifyPluginAsync } from 'fastify';

export interface FeatureModule {
  name: string;
  services?: FastifyPluginAsync;
  routes?: FastifyPluginAsync;
}
