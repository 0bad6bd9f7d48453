// The discovery document clients read first (`/.well-known/nullops.json`): where the API is and which
// plugin contract versions this registry accepts.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { COMPONENT_API_VERSION } from '@nullops/core/contracts';

export const API_BASE = '/api/v1';

export const DiscoveryDocument = Type.Object({
  apiVersion: Type.Literal('nullops.dev/v1'),
  name: Type.String(),
  api: Type.String({ description: 'the API base, root-relative' }),
  contractVersions: Type.Array(Type.String()),
});

export const discoveryRoutes: FastifyPluginAsync = async (app) => {
  app.get('/.well-known/nullops.json', { schema: { tags: ['discovery'], summary: 'Where the API is and which contract versions it accepts', response: { 200: DiscoveryDocument } } }, async () => ({
    apiVersion: 'nullops.dev/v1' as const,
    name: app.registryConfig.name,
    api: API_BASE,
    contractVersions: [COMPONENT_API_VERSION],
  }));
};
