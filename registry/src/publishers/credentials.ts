// Who is calling: the registry's admin (one token, from the settings or generated into the data
// directory) or a publisher (one of its tokens, found by hash). Anything else is anonymous.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RegistryApiError } from '../kernel/errors.js';
import { Publisher, PublisherToken } from './entities.js';

export type Caller = { kind: 'admin' } | { kind: 'publisher'; publisher: Publisher } | { kind: 'anonymous' };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newPublisherToken = () => `nrp_${randomBytes(32).toString('base64url')}`;
export const newAdminToken = () => `nra_${randomBytes(32).toString('base64url')}`;

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export async function identifyCaller(request: FastifyRequest, em: EntityManager, adminToken: string): Promise<Caller> {
  const token = bearer(request);
  if (!token) return { kind: 'anonymous' };
  const given = Buffer.from(hashToken(token));
  if (timingSafeEqual(given, Buffer.from(hashToken(adminToken)))) return { kind: 'admin' };
  const stored = await em.findOne(PublisherToken, { tokenHash: given.toString() });
  if (!stored) throw new RegistryApiError('UNAUTHENTICATED', 'The token is not valid (revoked, or never issued by this registry).');
  const publisher = await em.findOneOrFail(Publisher, { id: stored.publisherId });
  // Recorded at most once a minute: a write per request would cost every publish a commit.
  if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() > 60_000) {
    stored.lastUsedAt = new Date();
    await em.flush();
  }
  return { kind: 'publisher', publisher };
}

/** The calling publisher; the admin acts as any publisher it names. */
export function requirePublisherOf(caller: Caller, scope: string): void {
  if (caller.kind === 'anonymous') throw new RegistryApiError('UNAUTHENTICATED', 'Send a publisher token: Authorization: Bearer <token>.');
  if (caller.kind === 'publisher' && caller.publisher.scope !== scope) {
    throw new RegistryApiError('SCOPE_FORBIDDEN', `This token belongs to publisher "${caller.publisher.scope}" and may not act for the scope "${scope}".`);
  }
}

export function requireAdmin(caller: Caller): void {
  if (caller.kind === 'anonymous') throw new RegistryApiError('UNAUTHENTICATED', 'Send the registry admin token: Authorization: Bearer <token>.');
  if (caller.kind !== 'admin') throw new RegistryApiError('FORBIDDEN', 'Only the registry admin may do this.');
}
