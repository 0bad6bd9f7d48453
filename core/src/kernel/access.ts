// What a route declares it needs. Every route under /api/ must declare one, or start-up fails; the
// identity module enforces the declarations before handlers run.
import type { FastifyInstance, RouteOptions } from 'fastify';

export type Level = 'read' | 'full';
/** Kinds of objects access is granted on (directly or, for deployments, through project and environment). */
export type AccessKind = 'project' | 'environment' | 'deployment';
export type ResourceNeed = `${AccessKind}:${Level}`;

/** Where a target id is read from: a path parameter, a body field or a query parameter. */
export type IdSource = `params.${string}` | `body.${string}` | `query.${string}`;

/**
 * A resource need with the place its target comes from. The default target is `params.id`. A create
 * names the ids of the objects it acts in instead: `{ need: 'deployment:full', projectId:
 * 'body.projectId', environmentId: 'body.environmentId' }` checks the would-be deployment, i.e. the
 * strongest grant on that project or that environment.
 */
export interface ResourceAccess {
  need: ResourceNeed;
  id?: IdSource;
  projectId?: IdSource;
  environmentId?: IdSource;
}

export type Access =
  | 'public' // anyone, no credentials (login, health)
  | 'user' // any signed-in user; the handler filters what it returns
  | 'catalog' // a signed-in user who sees some project (a grant anywhere), or an admin: services and plugins make up projects
  | 'admin' // admins only
  | ResourceNeed // shorthand for { need, id: 'params.id' }
  | ResourceAccess;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Audit action name for state-changing routes (default: derived from method and path). */
    audit?: string;
    /**
     * A state-changing method that changes nothing in the database (e.g. a check that calls out): it is
     * audited apart and holds no transaction, so a slow outside call keeps no pooled connection busy.
     */
    readOnly?: true;
  }
  interface FastifyInstance {
    /** Every /api/ route with its declaration, as registered (collected for tests and docs). */
    apiRoutes: { method: string; url: string; access: Access }[];
  }
}

/** The resource form of a declaration, or null for 'public' / 'user' / 'admin'. */
export function resourceAccess(access: Access): ResourceAccess | null {
  if (typeof access === 'object') return access;
  if (access === 'public' || access === 'user' || access === 'admin' || access === 'catalog') return null;
  return { need: access };
}

export function requireAccessDeclarations(app: FastifyInstance): void {
  const routes: FastifyInstance['apiRoutes'] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    const access = route.config?.access;
    if (!access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access: add config.access ('public', 'user', 'admin', 'project:read', …).`);
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
  });
}
