// GET /audit: who did what, when. Admins see everything; other users see their own actions.
import type { FastifyPluginAsync } from 'fastify';
import type { FilterQuery } from '@mikro-orm/core';
import { Type, type Static } from '@sinclair/typebox';
import { signedIn } from '../identity/auth.routes.js';
import { ListOf, Paging } from '../list-shape.js';
import { AuditEvent } from './entity.js';

const AuditQuery = Type.Composite([
  Paging,
  Type.Object({
    actor: Type.Optional(Type.String({ description: 'user id or username' })),
    action: Type.Optional(Type.String({ description: 'exact action, or a prefix ending in "." (e.g. "projects.")' })),
    target: Type.Optional(Type.String({ description: 'id of the object acted on' })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
  }),
]);
type AuditQuery = Static<typeof AuditQuery>;

const AuditItem = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Object({ id: Type.String(), username: Type.String() }), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  status: Type.Integer({ description: 'HTTP status of the response' }),
  address: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown(), { description: 'the request, secret fields redacted' }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const auditRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: AuditQuery }>(
    '/audit',
    { config: { access: 'user' }, schema: { tags: ['audit'], summary: 'The audit log (admins: all; users: their own actions)', querystring: AuditQuery, response: { 200: ListOf(AuditItem) } } },
    async (request) => {
      const principal = signedIn(request);
      const { actor, action, target, since, until, limit, offset } = request.query;
      const where: FilterQuery<AuditEvent> & Record<string, unknown> = {};
      if (principal.role !== 'admin') where.actorId = principal.userId;
      if (actor) Object.assign(where, UUID.test(actor) && principal.role === 'admin' ? { actorId: actor } : principal.role === 'admin' ? { actorName: actor.toLowerCase() } : {});
      if (action) where.action = action.endsWith('.') ? { $like: `${action.replace(/[%_\\]/g, '\\$&')}%` } : action;
      if (target) where.targetId = target;
      if (since || until) where.at = { ...(since ? { $gte: new Date(since) } : {}), ...(until ? { $lte: new Date(until) } : {}) };
      const [rows, total] = await request.em.findAndCount(AuditEvent, where, { orderBy: { at: 'desc', id: 'desc' }, limit, offset });
      return {
        items: rows.map((row) => ({
          id: row.id,
          at: row.at.toISOString(),
          actor: row.actorId ? { id: row.actorId, username: row.actorName ?? '' } : null,
          action: row.action,
          target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
          status: row.status,
          address: row.address,
          details: row.details,
        })),
        total,
      };
    },
  );
};
