// Liveness, readiness (the database answers), Prometheus metrics with a request histogram by route
// pattern (features add their own to `app.metrics`), and the OpenAPI document generated from the route schemas.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from '@sinclair/typebox';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RegistryApiError } from './errors.js';

const Health = Type.Object({ status: Type.String() });

export const operationalRoutes: FastifyPluginAsync = fp(
  async (app) => {
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics, prefix: 'nullops_registry_' });
    app.decorate('metrics', metrics);
    const requests = new Histogram({
      name: 'nullops_registry_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [metrics],
    });
    app.addHook('onResponse', async (request, reply) => {
      requests.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    app.get('/healthz', { schema: { tags: ['system'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { tags: ['system'], summary: 'The database is reachable', response: { 200: Health } } }, async () => {
      try {
        await app.orm.em.getConnection().execute('select 1');
      } catch (error) {
        throw new RegistryApiError('NOT_READY', `The database is not reachable: ${(error as Error).message}`);
      }
      return { status: 'ready' };
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.header('content-type', metrics.contentType);
      return metrics.metrics();
    });
    app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'registry-operational' },
);
