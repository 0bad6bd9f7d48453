// Container registries (admins only): Docker Hub is there from the start; private registries carry a
// username and a password or token, stored encrypted and never returned. `test` checks them for real.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../kernel/errors.js';
import { refuseIfInUse } from '../deletion-guards.js';
import { ListOf, Paging } from '../list-shape.js';
import { ContainerRegistry } from './entities.js';
import { findRegistry, registryAccess } from './registries.js';
import { CreateRegistry, RegistryCheck, RegistryView, UpdateRegistry } from './schemas.js';
import { registryUsers } from './usage.js';
import { IdParams } from '../route-params.js';
import { flushUnlessTaken } from '../unique-names.js';


export function registryView(registry: ContainerRegistry): RegistryView {
  return {
    id: registry.id,
    name: registry.name,
    url: registry.url,
    username: registry.username,
    hasPassword: registry.passwordEncrypted !== null,
    builtin: registry.builtin,
    createdAt: registry.createdAt.toISOString(),
    updatedAt: registry.updatedAt.toISOString(),
  };
}

const save = (em: EntityManager, registry: ContainerRegistry) => flushUnlessTaken(em, `A registry named "${registry.name}" already exists.`);

export const registriesRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['registries'];

  app.get<{ Querystring: Paging }>('/registries', { config: { access: 'admin' }, schema: { tags, summary: 'Container registries', querystring: Paging, response: { 200: ListOf(RegistryView) } } }, async (request) => {
    const [rows, total] = await request.em.findAndCount(ContainerRegistry, {}, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    return { items: rows.map(registryView), total };
  });

  app.post<{ Body: CreateRegistry }>(
    '/registries',
    { config: { access: 'admin' }, schema: { tags, summary: 'Add a container registry', body: CreateRegistry, response: { 201: RegistryView } } },
    async (request, reply) => {
      const { name, url, username, password } = request.body;
      if (password && !username) throw new ApiError('VALIDATION_FAILED', 'A password needs a username.', { errors: [{ path: 'body/username', message: 'is required with a password' }] });
      const registry = request.em.create(ContainerRegistry, {
        name,
        url: url.replace(/\/+$/, ''),
        username: username ?? null,
        passwordEncrypted: password ? app.encryption.encrypt(password) : null,
      });
      await save(request.em, registry);
      request.auditTarget = { type: 'registry', id: registry.id };
      return reply.status(201).send(registryView(registry));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>('/registries/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Read a registry', params: IdParams, response: { 200: RegistryView } } }, async (request) =>
    registryView(await findRegistry(request.em, request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: UpdateRegistry }>(
    '/registries/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a registry (username or password null removes the credentials)', params: IdParams, body: UpdateRegistry, response: { 200: RegistryView } } },
    async (request) => {
      const registry = await findRegistry(request.em, request.params.id);
      const { name, url, username, password } = request.body;
      if (name !== undefined) registry.name = name;
      if (url !== undefined) registry.url = url.replace(/\/+$/, '');
      if (username === null || password === null) {
        registry.username = null;
        registry.passwordEncrypted = null;
      }
      if (username) registry.username = username;
      if (password) registry.passwordEncrypted = app.encryption.encrypt(password);
      if (registry.passwordEncrypted && !registry.username) {
        throw new ApiError('VALIDATION_FAILED', 'A password needs a username.', { errors: [{ path: 'body/username', message: 'is required with a password' }] });
      }
      await save(request.em, registry);
      return registryView(registry);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/registries/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete a registry nothing uses', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const registry = await findRegistry(request.em, request.params.id);
    await refuseIfInUse(registryUsers, request.em, registry.id, `Registry "${registry.name}"`);
    await request.em.nativeDelete(ContainerRegistry, { id: registry.id });
    return reply.status(204).send();
  });

  app.post<{ Params: Static<typeof IdParams> }>(
    '/registries/:id/test',
    { config: { access: 'admin', audit: 'registries.test', readOnly: true }, schema: { tags, summary: 'Check that the registry answers and accepts the credentials', params: IdParams, response: { 200: RegistryCheck } } },
    async (request) => {
      const registry = await findRegistry(request.em, request.params.id);
      return app.registryClient.check(registryAccess(registry, app.encryption));
    },
  );
};
