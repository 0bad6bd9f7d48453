// A project's secrets: anyone who sees the project sees their names; admins set and delete values.
// A value is write-only: no route ever returns it.
import type { FastifyPluginAsync } from 'fastify';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from '../../contracts/index.js';
import { notFound } from '../../kernel/errors.js';
import { ListOf, Paging } from '../list-shape.js';
import { Project } from '../projects/entity.js';
import { SECRET_NAME_PATTERN } from '../../pipeline/index.js';
import { ProjectSecret } from './entity.js';
import { IdParams, IdParamsWith } from '../route-params.js';

const SecretParams = IdParamsWith({ name: Type.String({ pattern: SECRET_NAME_PATTERN, description: 'letters, digits and "_", not starting with a digit' }) });
const SecretView = Type.Object({ name: Type.String(), createdAt: Timestamp, updatedAt: Timestamp });
type SecretView = Static<typeof SecretView>;
const PutSecret = Type.Object({ value: Type.String({ maxLength: 65536, writeOnly: true }) }, { additionalProperties: false });

const view = (secret: ProjectSecret): SecretView => ({ name: secret.name, createdAt: secret.createdAt.toISOString(), updatedAt: secret.updatedAt.toISOString() });

export const secretsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['secrets'];

  app.get<{ Params: Static<typeof IdParams>; Querystring: Paging }>(
    '/projects/:id/secrets',
    { config: { access: 'project:read' }, schema: { tags, summary: "The project's secret names (never values)", params: IdParams, querystring: Paging, response: { 200: ListOf(SecretView) } } },
    async (request) => {
      const [rows, total] = await request.em.findAndCount(ProjectSecret, { projectId: request.params.id }, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
      return { items: rows.map(view), total };
    },
  );

  app.put<{ Params: Static<typeof SecretParams>; Body: Static<typeof PutSecret> }>(
    '/projects/:id/secrets/:name',
    { config: { access: 'admin' }, schema: { tags, summary: 'Set a secret (stored encrypted; the value is never returned)', params: SecretParams, body: PutSecret, response: { 200: SecretView, 201: SecretView } } },
    async (request, reply) => {
      const { id: projectId, name } = request.params;
      if (!(await request.em.findOne(Project, { id: projectId }, { fields: ['id'] }))) throw notFound('The project');
      const valueEncrypted = app.encryption.encrypt(request.body.value);
      const existing = await request.em.findOne(ProjectSecret, { projectId, name });
      if (existing) {
        existing.valueEncrypted = valueEncrypted;
        await request.em.flush();
        return view(existing);
      }
      try {
        // A savepoint inside the request's transaction, so a lost race leaves the transaction usable.
        const secret = await request.em.transactional(async (em) => em.create(ProjectSecret, { projectId, name, valueEncrypted }));
        return reply.status(201).send(view(secret));
      } catch (error) {
        // Two PUTs of a new name at once: the second one updates what the first created.
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        const winner = await request.em.findOneOrFail(ProjectSecret, { projectId, name });
        winner.valueEncrypted = valueEncrypted;
        await request.em.flush();
        return view(winner);
      }
    },
  );

  app.delete<{ Params: Static<typeof SecretParams> }>(
    '/projects/:id/secrets/:name',
    { config: { access: 'admin' }, schema: { tags, summary: 'Delete a secret', params: SecretParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const deleted = await request.em.nativeDelete(ProjectSecret, { projectId: request.params.id, name: request.params.name });
      if (deleted === 0) throw notFound(`The secret "${request.params.name}"`);
      return reply.status(204).send();
    },
  );
};
