// Records every state-changing /api/ request in the audit log before its response leaves: actor,
// action, target, status and a redacted summary of the request. Routes may name their target
// (`request.auditTarget`), e.g. the id of what a POST created.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SAFE_METHODS } from '../identity/csrf.js';
import { actionName, targetFromPath } from './action.js';
import { AuditEvent } from './entity.js';
import { redact } from './redact.js';

declare module 'fastify' {
  interface FastifyRequest {
    auditTarget: { type: string; id: string } | null;
  }
}

export const auditRecorder = fp(
  async (app) => {
    app.decorateRequest('auditTarget', null);
    app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
      const config = request.routeOptions.config;
      if (!config?.access || SAFE_METHODS.has(request.method) || !request.routeOptions.url) return payload;
      const route = request.routeOptions.url;
      const params = (request.params ?? {}) as Record<string, string>;
      const target = request.auditTarget ?? targetFromPath(route, params);
      const em = app.orm.em.fork() as EntityManager;
      em.create(AuditEvent, {
        actorId: request.principal?.userId ?? null,
        actorName: request.principal?.username ?? null,
        action: actionName(request.method, route, config.audit),
        targetType: target?.type ?? null,
        targetId: target?.id ?? null,
        status: reply.statusCode,
        address: request.ip,
        details: redact({ params, query: request.query ?? {}, body: request.body ?? null }) as Record<string, unknown>,
      });
      try {
        await em.flush();
      } catch (error) {
        request.log.error({ err: error }, 'could not write the audit log');
      }
      return payload;
    });
  },
  { name: 'nullops-audit', dependencies: ['nullops-identity'] },
);
