// Signing in and out, who am I, and personal API tokens (/me/tokens). Password checking and sessions are
// the auth driver's (`app.auth`); throttling, the cookie's security flags and CSRF are enforced here.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { SESSION_COOKIE, type Principal } from '../../contracts/ports.js';
import { ApiError, notFound } from '../../kernel/errors.js';
import { ListOf, Paging } from '../list-shape.js';
import { ApiToken, Team, TeamMember, User } from './entities.js';
import { AuthMethods, CreateToken, CreatedToken, IdParams, LoginBody, LoginResult, Me, TokenView } from './schemas.js';
import { digest, newApiToken } from './secrets.js';
import { teamView, tokenView, userView } from './views.js';

export function signedIn(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError('UNAUTHENTICATED', 'Sign in first.');
  return request.principal;
}

/** The username an attempt names, read from the body as sent (before validation), when it is text. */
function attemptedUsername(request: FastifyRequest): string | undefined {
  const body = request.body as { username?: unknown } | null | undefined;
  return typeof body?.username === 'string' ? body.username : undefined;
}

export const authRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Body: Static<typeof LoginBody> }>(
    '/auth/login',
    {
      config: { access: 'public', audit: 'auth.login' },
      schema: { tags: ['auth'], summary: 'Sign in with a password; sets the session cookie', body: LoginBody, response: { 200: LoginResult } },
      // The throttle wraps the whole route, so an attempt refused as malformed counts like a wrong password.
      preValidation: async (request) => {
        const verdict = app.loginThrottle.check(attemptedUsername(request), request.ip);
        if (!verdict.allowed) {
          throw new ApiError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`, { retryAfterSeconds: verdict.retryAfterSeconds }, { 'retry-after': String(verdict.retryAfterSeconds) });
        }
      },
      onSend: async (request, reply, payload) => {
        if (reply.statusCode === 200) app.loginThrottle.recordSuccess(attemptedUsername(request)!);
        else if (reply.statusCode === 400 || reply.statusCode === 401) app.loginThrottle.recordFailure(attemptedUsername(request), request.ip);
        return payload;
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      if (!app.auth.passwordLogin || !app.auth.login) {
        throw new ApiError('NOT_FOUND', `This NullOps signs users in through the "${app.auth.name}" auth driver; password sign-in is off.`);
      }
      const result = await app.auth.login(username, password);
      if (!result) throw new ApiError('BAD_CREDENTIALS', 'Wrong username or password.');
      request.principal = result.principal;
      const secure = request.protocol === 'https' || app.config.publicUrl?.startsWith('https:') === true;
      reply.setCookie(SESSION_COOKIE, result.session.secret, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(result.session.expiresAt) });
      const user = await request.em.findOneOrFail(User, { id: result.principal.userId });
      return { user: userView(user) };
    },
  );

  app.get('/auth/methods', { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'How users sign in here, so a client knows whether to offer a password form', response: { 200: AuthMethods } } }, async () => ({
    driver: app.auth.name,
    password: Boolean(app.auth.passwordLogin && app.auth.login),
  }));

  app.post('/auth/logout', { config: { access: 'user', audit: 'auth.logout' }, schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null() } } }, async (request, reply) => {
    await app.auth.logout?.(signedIn(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { config: { access: 'user' }, schema: { tags: ['auth'], summary: 'The signed-in user and their teams', response: { 200: Me } } }, async (request) => {
    const principal = signedIn(request);
    const user = await request.em.findOneOrFail(User, { id: principal.userId });
    const memberships = await request.em.find(TeamMember, { userId: user.id });
    const teams = memberships.length ? await request.em.find(Team, { id: { $in: memberships.map((m) => m.teamId) } }, { orderBy: { name: 'asc' } }) : [];
    return { user: userView(user), teams: teams.map((t) => ({ id: teamView(t).id, name: t.name })) };
  });

  app.post<{ Body: Static<typeof CreateToken> }>(
    '/me/tokens',
    { config: { access: 'user', audit: 'tokens.create' }, schema: { tags: ['auth'], summary: 'Create a personal API token (shown once)', body: CreateToken, response: { 201: CreatedToken } } },
    async (request, reply) => {
      const token = newApiToken();
      const row = request.em.create(ApiToken, { userId: signedIn(request).userId, name: request.body.name, tokenHash: digest(token), lastUsedAt: null, revokedAt: null });
      await request.em.flush();
      request.auditTarget = { type: 'token', id: row.id };
      return reply.status(201).send({ id: row.id, name: row.name, token, createdAt: row.createdAt.toISOString() });
    },
  );

  app.get<{ Querystring: Paging }>('/me/tokens', { config: { access: 'user' }, schema: { tags: ['auth'], summary: 'Your API tokens (not revoked)', querystring: Paging, response: { 200: ListOf(TokenView) } } }, async (request) => {
    const [rows, total] = await request.em.findAndCount(ApiToken, { userId: signedIn(request).userId, revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: request.query.limit, offset: request.query.offset });
    return { items: rows.map(tokenView), total };
  });

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/me/tokens/:id',
    { config: { access: 'user', audit: 'tokens.revoke' }, schema: { tags: ['auth'], summary: 'Revoke one of your API tokens', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const updated = await request.em.nativeUpdate(ApiToken, { id: request.params.id, userId: signedIn(request).userId, revokedAt: null }, { revokedAt: new Date() });
      if (updated === 0) throw notFound('The API token');
      request.auditTarget = { type: 'token', id: request.params.id };
      return reply.status(204).send();
    },
  );
};
