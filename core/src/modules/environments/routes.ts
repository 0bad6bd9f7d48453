// Environments as resources: every signed-in user lists and reads them (with their effective access);
// admins create, change and delete them.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { refuseIfInUse } from '../deletion-guards.js';
import type { Level } from '../identity/access-rule.js';
import { ListOf, Paging } from '../list-shape.js';
import { Environment } from './entity.js';
import { CreateEnvironment, EnvironmentView, UpdateEnvironment } from './schemas.js';
import { IdParams } from '../route-params.js';
import { flushUnlessTaken } from '../unique-names.js';

const environmentNameTaken = (environment: Environment) => `An environment named "${environment.name}" already exists.`;

export function environmentView(environment: Environment, access: Level): EnvironmentView {
  return {
    id: environment.id,
    name: environment.name,
    baseDomain: environment.baseDomain,
    ttlHours: environment.ttlHours,
    ingressScheme: environment.ingressScheme,
    ingressPort: environment.ingressPort,
    access,
    createdAt: environment.createdAt.toISOString(),
    updatedAt: environment.updatedAt.toISOString(),
  };
}


export const environmentsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['environments'];

  app.get<{ Querystring: Paging }>('/environments', { config: { access: 'user' }, schema: { tags, summary: 'List environments', querystring: Paging, response: { 200: ListOf(EnvironmentView) } } }, async (request) => {
    const where = await request.visibleWhere<Environment>('environment', { environment: 'id' });
    const [rows, total] = await request.em.findAndCount(Environment, where, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    const items: EnvironmentView[] = [];
    for (const environment of rows) items.push(environmentView(environment, (await request.accessTo({ kind: 'environment', id: environment.id })) as Level));
    return { items, total };
  });

  app.post<{ Body: CreateEnvironment }>('/environments', { config: { access: 'admin' }, schema: { tags, summary: 'Create an environment', body: CreateEnvironment, response: { 201: EnvironmentView } } }, async (request, reply) => {
    const { name, baseDomain, ttlHours, ingressScheme = null, ingressPort = null } = request.body;
    const environment = request.em.create(Environment, { name, baseDomain, ttlHours, ingressScheme, ingressPort });
    await flushUnlessTaken(request.em, environmentNameTaken(environment));
    request.auditTarget = { type: 'environment', id: environment.id };
    return reply.status(201).send(environmentView(environment, 'full'));
  });

  app.get<{ Params: Static<typeof IdParams> }>(
    '/environments/:id',
    { config: { access: 'environment:read' }, schema: { tags, summary: 'Read an environment', params: IdParams, response: { 200: EnvironmentView } } },
    async (request) => {
      const environment = await request.em.findOneOrFail(Environment, { id: request.params.id });
      return environmentView(environment, (await request.accessTo({ kind: 'environment', id: environment.id })) as Level);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: UpdateEnvironment }>(
    '/environments/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change an environment', params: IdParams, body: UpdateEnvironment, response: { 200: EnvironmentView } } },
    async (request) => {
      const environment = await request.em.findOne(Environment, { id: request.params.id });
      if (!environment) throw notFound('The environment');
      Object.assign(environment, Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined)));
      await flushUnlessTaken(request.em, environmentNameTaken(environment));
      return environmentView(environment, 'full');
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/environments/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete an environment', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const environment = await request.em.findOne(Environment, { id: request.params.id });
    if (!environment) throw notFound('The environment');
    await refuseIfInUse(app.deletionGuards.environment, request.em, environment.id, `Environment "${environment.name}"`);
    await request.em.nativeDelete(Environment, { id: environment.id });
    return reply.status(204).send();
  });
};
