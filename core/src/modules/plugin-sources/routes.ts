// Plugin sources (admins add and remove; whoever sees the catalog reads them and searches them, the
// studio's marketplace view). Search is relayed to the source with its token.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { ListOf, Paging } from '../list-shape.js';
import type { Encryption } from '../secrets/encryption.js';
import { PluginSource } from './entity.js';
import { IdParams } from '../route-params.js';
import { CreatePluginSource, PluginSourceView, SourceSearchQuery, SourceSearchResult } from './schemas.js';
import { searchSource, type SourceAccess } from './source-client.js';
import { flushUnlessTaken } from '../unique-names.js';


function view(source: PluginSource): PluginSourceView {
  return { id: source.id, name: source.name, url: source.url, hasToken: source.tokenEncrypted !== null, createdAt: source.createdAt.toISOString() };
}

export async function findPluginSource(em: EntityManager, id: string): Promise<PluginSource> {
  const source = await em.findOne(PluginSource, { id });
  if (!source) throw notFound('The plugin source');
  return source;
}

export async function findPluginSourceOrNull(em: EntityManager, id: string): Promise<PluginSource | null> {
  return em.findOne(PluginSource, { id });
}

export function sourceAccess(source: PluginSource, encryption: Encryption): SourceAccess {
  return { name: source.name, url: source.url, token: source.tokenEncrypted ? encryption.decrypt(source.tokenEncrypted) : null };
}

export const pluginSourcesRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['plugin-sources'];

  app.get<{ Querystring: Paging }>(
    '/plugin-sources',
    { config: { access: 'catalog' }, schema: { tags, summary: 'Plugin registries the catalog installs from', querystring: Paging, response: { 200: ListOf(PluginSourceView) } } },
    async (request) => {
      const [rows, total] = await request.em.findAndCount(PluginSource, {}, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
      return { items: rows.map(view), total };
    },
  );

  app.post<{ Body: CreatePluginSource }>(
    '/plugin-sources',
    { config: { access: 'admin' }, schema: { tags, summary: 'Add a plugin registry (its token is stored encrypted)', body: CreatePluginSource, response: { 201: PluginSourceView } } },
    async (request, reply) => {
      const source = request.em.create(PluginSource, {
        name: request.body.name,
        url: request.body.url.replace(/\/+$/, ''),
        tokenEncrypted: request.body.token ? app.encryption.encrypt(request.body.token) : null,
      });
      await flushUnlessTaken(request.em, `A plugin source named "${request.body.name}" already exists.`);
      request.auditTarget = { type: 'plugin-source', id: source.id };
      return reply.status(201).send(view(source));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/plugin-sources/:id',
    { config: { access: 'catalog' }, schema: { tags, summary: 'A plugin source', params: IdParams, response: { 200: PluginSourceView } } },
    async (request) => view(await findPluginSource(request.em, request.params.id)),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/plugin-sources/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove a plugin source (installed plugins stay)', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const source = await findPluginSource(request.em, request.params.id);
      await request.em.nativeDelete(PluginSource, { id: source.id });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: SourceSearchQuery }>(
    '/plugin-sources/:id/search',
    { config: { access: 'catalog' }, schema: { tags, summary: 'The source’s search, relayed (for the studio’s marketplace view)', params: IdParams, querystring: SourceSearchQuery, response: { 200: SourceSearchResult } } },
    async (request) => {
      const source = await findPluginSource(request.em, request.params.id);
      const { q, category, sort, limit, offset } = request.query;
      return searchSource(sourceAccess(source, app.encryption), { q, category, sort, limit, offset });
    },
  );
};
