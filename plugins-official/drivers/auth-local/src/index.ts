// @nullops/driver-auth-local — the auth port for local users: password sign-in starting a server-side
// session (cookie), and personal API tokens (`Authorization: Bearer`). Every check goes through core's
// identity directory (`app.identity`), so disabling a user or revoking a token takes effect at once.
import fp from 'fastify-plugin';
import '@nullops/core/contracts/fastify';
import { SESSION_COOKIE, type AuthOutcome, type AuthPort, type AuthRequest, type IdentityDirectory } from '@nullops/core/contracts';

export function bearerToken(headers: AuthRequest['headers']): string | undefined {
  const value = headers.authorization;
  const header = Array.isArray(value) ? value[0] : value;
  const match = header ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function localAuth(identity: IdentityDirectory): AuthPort {
  return {
    name: 'auth-local',
    passwordLogin: true,
    async authenticate(request): Promise<AuthOutcome> {
      const token = bearerToken(request.headers);
      if (token) return (await identity.verifyApiToken(token)) ?? { rejected: 'UNAUTHENTICATED', message: 'This API token is not valid.' };
      const secret = request.cookies[SESSION_COOKIE];
      return secret ? identity.verifySession(secret) : null;
    },
    async login(username, password) {
      const user = await identity.verifyPassword(username, password);
      if (!user) return null;
      const session = await identity.startSession(user.userId);
      return { principal: { ...user, via: 'session', sessionId: session.sessionId }, session: { secret: session.secret, expiresAt: session.expiresAt } };
    },
    async logout(principal) {
      if (principal.sessionId) await identity.endSession(principal.sessionId);
    },
  };
}

export default fp(
  async (app) => {
    if (!app.identity) throw new Error('auth-local needs core\'s identity directory (app.identity); is the identity module registered?');
    app.decorate('auth', localAuth(app.identity));
  },
  { name: 'nullops-auth', fastify: '5.x' },
);
