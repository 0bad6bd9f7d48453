// Long-lived answers (the event stream, followed logs) outlive the access check made when they opened.
// `watchAccess` asks again every few seconds — are the credentials still good, which grants does the
// caller hold now — and ends the stream with a last event saying why once the answer is no.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isAuthRejection, type Principal } from '../../contracts/ports.js';
import { accessTo, type AccessTarget, type Effective } from './access-rule.js';
import { grantFactsOf } from './plugin.js';

/** How often an open stream re-checks its caller. */
export const STREAM_RECHECK_MS = 2_000;

export interface CurrentAccess {
  principal: Principal;
  accessTo(target: AccessTarget): Effective;
}

export interface StreamEnd {
  code: 'UNAUTHENTICATED' | 'NOT_FOUND';
  message: string;
}

/** The caller's credentials and grants as they are now, or why they no longer count. */
export async function currentAccess(app: FastifyInstance, request: FastifyRequest): Promise<CurrentAccess | StreamEnd> {
  const outcome = await app.auth.authenticate({ headers: request.headers, cookies: request.cookies ?? {}, remoteAddress: request.ip });
  if (!outcome || isAuthRejection(outcome)) {
    return { code: 'UNAUTHENTICATED', message: 'Your sign-in is no longer valid (signed out, token revoked or user disabled), so this stream has ended.' };
  }
  const facts = await grantFactsOf(app.orm.em.fork() as EntityManager, outcome.teamIds);
  return { principal: outcome, accessTo: (target) => accessTo(outcome, target, facts) };
}

/**
 * Re-checks every STREAM_RECHECK_MS: `decide` gets the current access and returns why the stream must
 * end (or nothing); then `end` is called once. Returns the function that stops watching.
 */
export function watchAccess(app: FastifyInstance, request: FastifyRequest, decide: (access: CurrentAccess) => StreamEnd | undefined, end: (why: StreamEnd) => void): () => void {
  let stopped = false;
  let checking = false;
  const timer = setInterval(() => {
    if (checking || stopped) return;
    checking = true;
    currentAccess(app, request)
      .then((access) => ('code' in access ? access : decide(access)))
      .catch((): StreamEnd => ({ code: 'UNAUTHENTICATED', message: 'Your access could not be checked again, so this stream has ended; reconnect.' }))
      .then((why) => {
        checking = false;
        if (why && !stopped) {
          stopped = true;
          clearInterval(timer);
          end(why);
        }
      });
  }, STREAM_RECHECK_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** The last server-sent event of a stream that ends for lack of access. */
export function endEvent(why: StreamEnd): string {
  return `event: end\ndata: ${JSON.stringify(why)}\n\n`;
}
