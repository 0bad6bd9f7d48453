// The identity services at the root: `app.identity` (the IdentityDirectory auth drivers call),
// `app.accessTargets`, the login throttle, the first admin from config, and the hooks that refuse
// cross-site writes, authenticate every /api/ request through `app.auth` and enforce `config.access`.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import '../../contracts/fastify.js';
import { isAuthRejection, type Principal } from '../../contracts/ports.js';
import { resourceAccess, type Access } from '../../kernel/access.js';
import { ApiError } from '../../kernel/errors.js';
import { accessTo, decideResourceAccess, visibleTo, type AccessTarget, type Effective, type GrantFact } from './access-rule.js';
import { AccessTargets, resolveTarget } from './access-targets.js';
import { isCrossSiteWrite } from './csrf.js';
import { createIdentityDirectory } from './directory.js';
import { Grant } from './entities.js';
import { LoginThrottle } from './login-throttle.js';
import { visibleWhere, type VisibleColumns } from './visible-where.js';
import { adminExists, createUser, findUserByName } from './users.js';

declare module 'fastify' {
  interface FastifyInstance {
    accessTargets: AccessTargets;
    loginThrottle: LoginThrottle;
  }
  interface FastifyRequest {
    /** Who is calling; set before the handler of every route that is not 'public' (and by a login). */
    principal: Principal | null;
    /** The caller's effective access to a target (grants are read once per request). */
    accessTo(target: AccessTarget): Promise<Effective>;
    /** The filter a list of `kind` adds to its query so it holds only what the caller may read. */
    visibleWhere<T extends object>(kind: AccessTarget['kind'], columns: VisibleColumns<T>): Promise<FilterQuery<T>>;
    /** Whether the caller sees the catalog (services, plugins): an admin, or a holder of any grant. */
    seesCatalog(): Promise<boolean>;
  }
}

export async function grantFactsOf(em: EntityManager, teamIds: readonly string[]): Promise<GrantFact[]> {
  if (teamIds.length === 0) return [];
  const rows = await em.find(Grant, { teamId: { $in: [...teamIds] } });
  return rows.map((g) => ({ teamId: g.teamId, on: g.projectId ? 'project' : 'environment', targetId: (g.projectId ?? g.environmentId)!, access: g.access }));
}

function accessOf(request: FastifyRequest): Access | undefined {
  return request.routeOptions.config?.access;
}

export const identityPlugin = fp(
  async (app) => {
    app.decorate('identity', createIdentityDirectory(app.orm));
    app.decorate('accessTargets', new AccessTargets());
    app.decorate('loginThrottle', new LoginThrottle());
    app.decorateRequest('principal', null);

    const grantCache = new WeakMap<FastifyRequest, Promise<GrantFact[]>>();
    // The caller's grants, read once per request.
    const grantsOf = (request: FastifyRequest, teamIds: readonly string[]) => {
      let grants = grantCache.get(request);
      if (!grants) grantCache.set(request, (grants = grantFactsOf(request.em, teamIds)));
      return grants;
    };
    app.decorateRequest('seesCatalog', async function (this: FastifyRequest) {
      const principal = this.principal;
      if (!principal) return false;
      return principal.role === 'admin' || (await grantsOf(this, principal.teamIds)).length > 0;
    });
    app.decorateRequest('accessTo', function (this: FastifyRequest, target: AccessTarget) {
      const principal = this.principal;
      if (!principal) return Promise.resolve<Effective>('none');
      return grantsOf(this, principal.teamIds).then((facts) => accessTo(principal, target, facts));
    });

    app.decorateRequest('visibleWhere', async function <T extends object>(this: FastifyRequest, kind: AccessTarget['kind'], columns: VisibleColumns<T>) {
      const principal = this.principal;
      // Fails closed: without a caller, nothing is visible.
      const visible = principal ? visibleTo(principal, kind, await grantsOf(this, principal.teamIds)) : { all: false as const, projectIds: [], environmentIds: [] };
      return visibleWhere(visible, columns);
    });

    await createFirstAdmin(app);

    // Before the body is validated: credentials, CSRF and role, so an anonymous caller learns nothing
    // from validation errors.
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const access = accessOf(request);
      if (!access) return;
      // Only a request that authenticated by its token is exempt from the cross-site check: a browser
      // cannot forge one. A Bearer header alone proves nothing (the driver may fall back to the cookie).
      const crossSite = isCrossSiteWrite({ method: request.method, origin: header(request, 'origin'), referer: header(request, 'referer'), host: header(request, 'host'), publicUrl: app.config.publicUrl });
      const refuseCrossSite = () => new ApiError('CSRF_REJECTED', 'This request came from another site (its Origin is not this server), so it was refused.');
      const bearer = typeof request.headers.authorization === 'string' && /^bearer\s/i.test(request.headers.authorization);
      if (crossSite && (!bearer || access === 'public')) throw refuseCrossSite();
      if (access === 'public') return;
      const outcome = await app.auth.authenticate({ headers: request.headers, cookies: request.cookies ?? {}, remoteAddress: request.ip });
      if (isAuthRejection(outcome)) throw new ApiError(outcome.rejected, outcome.message);
      if (!outcome) throw new ApiError('UNAUTHENTICATED', 'Sign in first: send the session cookie from POST /api/v1/auth/login, or an API token as "Authorization: Bearer <token>".');
      if (crossSite && outcome.via !== 'token') throw refuseCrossSite();
      request.principal = outcome;
      if (access === 'admin' && outcome.role !== 'admin') throw new ApiError('FORBIDDEN', 'Only admins may do this.');
      if (access === 'catalog' && !(await request.seesCatalog())) throw new ApiError('NOT_FOUND', 'Not found, or not visible to you: the catalog is shown to users with access to some project or environment.');
    });

    // After validation, so ids read from the body have their declared shape.
    app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
      const access = accessOf(request);
      const declared = access && resourceAccess(access);
      if (!declared) return;
      const target = await resolveTarget(app.accessTargets, request.em, declared, request);
      const effective = target ? await request.accessTo(target) : 'none';
      const verdict = decideResourceAccess(declared.need, effective);
      if (verdict.allow) return;
      if (verdict.status === 404) throw new ApiError('NOT_FOUND', `No such ${declared.need.split(':')[0]}, or it is not visible to you.`);
      throw new ApiError('FORBIDDEN', `You have read access here; this needs ${declared.need.split(':')[1]} access.`);
    });
  },
  { name: 'nullops-identity', dependencies: ['nullops-database'] },
);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** NULLOPS_ADMIN_USERNAME / NULLOPS_ADMIN_PASSWORD create the first admin, only while no admin exists. */
async function createFirstAdmin(app: import('fastify').FastifyInstance): Promise<void> {
  const { adminUsername, adminPassword } = app.config;
  if (!adminUsername || !adminPassword) return;
  const em = app.orm.em.fork() as EntityManager;
  if (await adminExists(em)) return;
  if (await findUserByName(em, adminUsername)) {
    app.log.warn(`NULLOPS_ADMIN_USERNAME names the existing non-admin user "${adminUsername}"; no admin was created. Use \`nullops admin create\` with another name.`);
    return;
  }
  await createUser(em, { username: adminUsername, password: adminPassword, role: 'admin' });
  app.log.info(`created the first admin "${adminUsername}" from NULLOPS_ADMIN_USERNAME`);
}
