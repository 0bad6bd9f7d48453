// @nullops/driver-auth-proxy-header — the auth port behind an authenticating reverse proxy (oauth2-proxy,
// Authelia, …): the user name (and groups, as teams) come from request headers, trusted only when the
// request's peer address is one of the configured proxies. Users and teams are created on first sight.
// Personal API tokens (`Authorization: Bearer`) keep working for the CLI and CI.
import fp from 'fastify-plugin';
import '@nullops/core/contracts/fastify';
import type { AuthOutcome, AuthPort, AuthRequest, IdentityDirectory } from '@nullops/core/contracts';
import { parseTrustedProxies, type TrustedProxies } from './trusted-proxies.js';

export interface ProxyHeaderOptions {
  /** Peer addresses allowed to set the headers, as IPs or CIDR ranges. Required: no default trusts anyone. */
  trustedProxies: string[];
  /** Header with the user name; default `x-forwarded-user`. */
  userHeader?: string;
  /** Header with the user's groups, which become their teams; default `x-forwarded-groups`; `""` leaves teams alone. */
  groupsHeader?: string;
  /** Separator of the groups header; default `,`. */
  groupsSeparator?: string;
  /** Members of any of these groups are admins, everyone else a user; unset: roles are managed in NullOps. */
  adminGroups?: string[];
}

function headerValue(headers: AuthRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

function bearerToken(headers: AuthRequest['headers']): string | undefined {
  const header = headerValue(headers, 'authorization');
  return header ? /^bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

export function proxyHeaderAuth(identity: IdentityDirectory, options: ProxyHeaderOptions, trusted: TrustedProxies = parseTrustedProxies(options.trustedProxies)): AuthPort {
  const userHeader = options.userHeader ?? 'x-forwarded-user';
  const groupsHeader = options.groupsHeader ?? 'x-forwarded-groups';
  const separator = options.groupsSeparator ?? ',';
  return {
    name: 'auth-proxy-header',
    passwordLogin: false,
    async authenticate(request): Promise<AuthOutcome> {
      const token = bearerToken(request.headers);
      if (token) return (await identity.verifyApiToken(token)) ?? { rejected: 'UNAUTHENTICATED', message: 'This API token is not valid.' };
      // From anyone but a trusted proxy the header is just text a client typed: ignore it.
      if (!trusted.includes(request.remoteAddress)) return null;
      const username = headerValue(request.headers, userHeader);
      if (!username) return null;
      const groupsText = groupsHeader ? headerValue(request.headers, groupsHeader) : undefined;
      const groups = groupsText?.split(separator).map((g) => g.trim()).filter(Boolean);
      const role = options.adminGroups ? (groups?.some((g) => options.adminGroups!.includes(g)) ? 'admin' : 'user') : undefined;
      return identity.ensureExternalUser({ username, teamNames: groupsHeader ? (groups ?? []) : undefined, role });
    },
  };
}

export default fp<ProxyHeaderOptions>(
  async (app, options) => {
    if (!app.identity) throw new Error("auth-proxy-header needs core's identity directory (app.identity); is the identity module registered?");
    if (!Array.isArray(options.trustedProxies) || options.trustedProxies.length === 0) {
      throw new Error('auth-proxy-header needs driverOptions["auth-proxy-header"].trustedProxies: the addresses (CIDR) of the proxy that sets the user header.');
    }
    app.decorate('auth', proxyHeaderAuth(app.identity, options));
  },
  { name: 'nullops-auth', fastify: '5.x' },
);
