// Operational endpoints: liveness, readiness (the database answers) and the OpenAPI document.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../kernel/errors.js';

const Health = Type.Object({ status: Type.String() });

export const systemRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { config: { access: 'public' }, schema: { tags: ['system'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' }, schema: { tags: ['system'], summary: 'The database is reachable', response: { 200: Health } } }, async () => {
    try {
      await app.orm.em.getConnection().execute('select 1');
    } catch (error) {
      throw new ApiError('NOT_READY', `The database is not reachable: ${(error as Error).message}`);
    }
    return { status: 'ready' };
  });

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
};
