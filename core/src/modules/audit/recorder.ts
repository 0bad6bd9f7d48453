// Records every state-changing /api/ request in the audit log before its response leaves: actor,
// action, target, status and a redacted summary of the request. Routes may name their target
// (`request.auditTarget`), e.g. the id of what a POST created.
//
// A signed-in caller's change and its audit row commit together or not at all: the request's entity
// manager (`request.em`) runs in one transaction from the access check to the response, the audit row is
// written into it, and only then is it committed. What must happen only once the change is visible to
// others — telling the agents, the live stream — is handed to `request.afterCommit`.
// A refused request rolls back whatever it did and is recorded on its own.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { errorBody } from '../../kernel/errors.js';
import { SAFE_METHODS } from '../identity/csrf.js';
import { actionName, targetFromPath } from './action.js';
import { AuditEvent } from './entity.js';
import { redact, storableText } from './redact.js';

declare module 'fastify' {
  interface FastifyRequest {
    auditTarget: { type: string; id: string } | null;
    /** Runs `work` once this request's changes are committed; at once when the request has no transaction. */
    afterCommit(work: () => unknown): void;
  }
}

function isAudited(request: FastifyRequest): boolean {
  return Boolean(request.routeOptions.config?.access && !SAFE_METHODS.has(request.method) && request.routeOptions.url);
}

export const auditRecorder = fp(
  async (app) => {
    const open = new WeakMap<FastifyRequest, { after: (() => unknown)[] }>();
    const runSafely = (request: FastifyRequest, work: () => unknown) => {
      try {
        void Promise.resolve(work()).catch((error) => request.log.error({ err: error }, 'work after a committed change failed'));
      } catch (error) {
        request.log.error({ err: error }, 'work after a committed change failed');
      }
    };

    app.decorateRequest('auditTarget', null);
    app.decorateRequest('afterCommit', function (this: FastifyRequest, work: () => unknown) {
      const transaction = open.get(this);
      if (transaction) transaction.after.push(work);
      else runSafely(this, work);
    });

    // After identity's preHandler: the caller is known and allowed. Sign-in ('public') and `readOnly`
    // routes change nothing through request.em, so they are only recorded.
    app.addHook('preHandler', async (request: FastifyRequest) => {
      if (!isAudited(request) || request.routeOptions.config.access === 'public' || request.routeOptions.config.readOnly) return;
      await request.em.begin();
      open.set(request, { after: [] });
    });

    const rowOf = (request: FastifyRequest, status: number) => {
      const config = request.routeOptions.config;
      const route = request.routeOptions.url!;
      const params = (request.params ?? {}) as Record<string, string>;
      const target = request.auditTarget ?? targetFromPath(route, params);
      return {
        actorId: request.principal?.userId ?? null,
        actorName: request.principal?.username ?? null,
        action: actionName(request.method, route, config.audit),
        targetType: target ? storableText(target.type, 100) : null,
        targetId: target ? storableText(target.id, 200) : null,
        status,
        address: request.ip,
        details: redact({ params, query: request.query ?? {}, body: request.body ?? null }) as Record<string, unknown>,
      };
    };
    const recordApart = async (request: FastifyRequest, status: number) => {
      const em = app.orm.em.fork() as EntityManager;
      em.create(AuditEvent, rowOf(request, status));
      try {
        await em.flush();
      } catch (error) {
        request.log.error({ err: error }, 'could not write the audit log');
      }
    };
    const rollback = async (request: FastifyRequest) => {
      open.delete(request);
      await request.em.rollback().catch((error) => request.log.error({ err: error }, 'rolling back a request failed'));
    };

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      if (!isAudited(request)) return payload;
      const transaction = open.get(request);
      if (!transaction) {
        await recordApart(request, reply.statusCode);
        return payload;
      }
      if (reply.statusCode >= 400) {
        await rollback(request);
        await recordApart(request, reply.statusCode);
        return payload;
      }
      try {
        request.em.create(AuditEvent, rowOf(request, reply.statusCode));
        await request.em.commit();
        open.delete(request);
      } catch (error) {
        await rollback(request);
        request.log.error({ err: error }, 'the change and its audit row could not be committed; nothing was changed');
        await recordApart(request, 500);
        reply.status(500).header('content-type', 'application/json; charset=utf-8');
        return JSON.stringify(errorBody('INTERNAL', 'The change could not be recorded in the audit log, so nothing was changed. This is a bug; the server log has the details.'));
      }
      for (const work of transaction.after) runSafely(request, work);
      return payload;
    });

    // A request that ends without a response through onSend (a client gone, a hijacked reply) keeps nothing.
    const abandon = async (request: FastifyRequest) => {
      if (open.has(request)) await rollback(request);
    };
    app.addHook('onResponse', abandon);
    app.addHook('onRequestAbort', abandon);
  },
  { name: 'nullops-audit', dependencies: ['nullops-identity'] },
);
