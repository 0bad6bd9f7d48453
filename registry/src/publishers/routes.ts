// Publisher accounts: the admin creates them (and sets `official`), a publisher mints and revokes its
// own tokens and claims a domain, which becomes `verified` once the domain serves the issued token.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { randomBytes, randomUUID } from 'node:crypto';
import { RegistryApiError, notFound, unlessTaken } from '../kernel/errors.js';
import { hashToken, identifyCaller, newPublisherToken, requireAdmin, requirePublisherOf } from './credentials.js';
import { checkDomain, wellKnownUrl } from './domain-verification.js';
import { Publisher, PublisherToken } from './entities.js';
import { ClaimDomain, CreatePublisher, CreateToken, DomainClaim, PublisherCreated, PublisherView, Scope, TokenCreated, UpdatePublisher } from './schemas.js';

const ScopeParams = Type.Object({ scope: Scope });
const TokenParams = Type.Object({ scope: Scope, id: Type.String({ format: 'uuid' }) });

export function publisherView(p: Publisher): PublisherView {
  return { scope: p.scope, displayName: p.displayName ?? null, official: p.official ?? false, verified: p.verified ?? false, domain: p.domain ?? null, createdAt: (p.createdAt ?? new Date()).toISOString() };
}

export async function findPublisher(em: EntityManager, scope: string): Promise<Publisher> {
  const publisher = await em.findOne(Publisher, { scope });
  if (!publisher) throw notFound(`The publisher "${scope}"`);
  return publisher;
}

/** Creates a token for the publisher; returns it in clear (the only time it is). */
export function issueToken(em: EntityManager, publisher: Publisher, name: string): { id: string; name: string; token: string } {
  const token = newPublisherToken();
  const row = em.create(PublisherToken, { id: randomUUID(), publisherId: publisher.id, name, tokenHash: hashToken(token) });
  return { id: row.id, name, token };
}

export const publisherRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['publishers'];

  app.post<{ Body: CreatePublisher }>(
    '/publishers',
    { schema: { tags, summary: 'Create a publisher with its first token (registry admin)', security: [{ bearer: [] }], body: CreatePublisher, response: { 201: PublisherCreated } } },
    async (request, reply) => {
      requireAdmin(await identifyCaller(request, request.em, app.adminToken));
      const publisher = request.em.create(Publisher, { id: randomUUID(), scope: request.body.scope, displayName: request.body.displayName ?? null, official: request.body.official ?? false });
      await unlessTaken(request.em.flush(), 'NAME_TAKEN', `The scope "${request.body.scope}" already has a publisher.`);
      const token = issueToken(request.em, publisher, 'default');
      await request.em.flush();
      return reply.status(201).send({ publisher: publisherView(publisher), token });
    },
  );

  app.get<{ Params: Static<typeof ScopeParams> }>('/publishers/:scope', { schema: { tags, summary: 'A publisher', params: ScopeParams, response: { 200: PublisherView } } }, async (request) =>
    publisherView(await findPublisher(request.em, request.params.scope)),
  );

  app.patch<{ Params: Static<typeof ScopeParams>; Body: UpdatePublisher }>(
    '/publishers/:scope',
    { schema: { tags, summary: 'Change a publisher; `official` is the registry admin’s mark', security: [{ bearer: [] }], params: ScopeParams, body: UpdatePublisher, response: { 200: PublisherView } } },
    async (request) => {
      const caller = await identifyCaller(request, request.em, app.adminToken);
      if (request.body.official !== undefined) requireAdmin(caller);
      else requirePublisherOf(caller, request.params.scope);
      const publisher = await findPublisher(request.em, request.params.scope);
      if (request.body.official !== undefined) publisher.official = request.body.official;
      if (request.body.displayName !== undefined) publisher.displayName = request.body.displayName;
      await request.em.flush();
      return publisherView(publisher);
    },
  );

  app.post<{ Params: Static<typeof ScopeParams>; Body: Static<typeof CreateToken> }>(
    '/publishers/:scope/tokens',
    { schema: { tags, summary: 'Mint another token for the publisher (shown once)', security: [{ bearer: [] }], params: ScopeParams, body: CreateToken, response: { 201: TokenCreated } } },
    async (request, reply) => {
      requirePublisherOf(await identifyCaller(request, request.em, app.adminToken), request.params.scope);
      const publisher = await findPublisher(request.em, request.params.scope);
      const token = issueToken(request.em, publisher, request.body.name ?? 'token');
      await request.em.flush();
      return reply.status(201).send(token);
    },
  );

  app.delete<{ Params: Static<typeof TokenParams> }>(
    '/publishers/:scope/tokens/:id',
    { schema: { tags, summary: 'Revoke a token', security: [{ bearer: [] }], params: TokenParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      requirePublisherOf(await identifyCaller(request, request.em, app.adminToken), request.params.scope);
      const publisher = await findPublisher(request.em, request.params.scope);
      const removed = await request.em.nativeDelete(PublisherToken, { id: request.params.id, publisherId: publisher.id });
      if (!removed) throw notFound('The token');
      return reply.status(204).send();
    },
  );

  app.put<{ Params: Static<typeof ScopeParams>; Body: ClaimDomain }>(
    '/publishers/:scope/domain',
    { schema: { tags, summary: 'Claim a domain: returns the token to serve at https://<domain>/.well-known/nullops-publisher', security: [{ bearer: [] }], params: ScopeParams, body: ClaimDomain, response: { 200: DomainClaim } } },
    async (request) => {
      requirePublisherOf(await identifyCaller(request, request.em, app.adminToken), request.params.scope);
      const publisher = await findPublisher(request.em, request.params.scope);
      publisher.domain = request.body.domain;
      publisher.verificationToken = `nullops-publisher-verification=${randomBytes(24).toString('base64url')}`;
      publisher.verified = false;
      await request.em.flush();
      return { domain: publisher.domain, token: publisher.verificationToken, url: wellKnownUrl(publisher.domain, app.domainCheck.port), verified: false };
    },
  );

  app.post<{ Params: Static<typeof ScopeParams> }>(
    '/publishers/:scope/domain/verify',
    { schema: { tags, summary: 'Read the claimed domain’s well-known file; the publisher is verified when it serves the token', security: [{ bearer: [] }], params: ScopeParams, response: { 200: PublisherView } } },
    async (request) => {
      requirePublisherOf(await identifyCaller(request, request.em, app.adminToken), request.params.scope);
      const publisher = await findPublisher(request.em, request.params.scope);
      if (!publisher.domain || !publisher.verificationToken) throw new RegistryApiError('DOMAIN_NOT_VERIFIED', 'Claim a domain first: PUT /publishers/:scope/domain.');
      const problem = await checkDomain(publisher.domain, publisher.verificationToken, app.domainCheck);
      if (problem) throw new RegistryApiError('DOMAIN_NOT_VERIFIED', `${publisher.domain} is not verified: ${problem}.`);
      publisher.verified = true;
      await request.em.flush();
      return publisherView(publisher);
    },
  );
};
