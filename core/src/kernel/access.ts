// What a route declares it needs. Every route under /api/ must declare one, or start-up fails; the
// identity module enforces the declarations before handlers run.
import type { FastifyInstance, RouteOptions } from 'fastify';

export type Level = 'read' | 'full';
export type Access =
  | 'public' // anyone, no credentials (login, health)
  | 'user' // any signed-in user
  | 'admin' // admins only
  | `project:${Level}`
  | `environment:${Level}`
  | `deployment:${Level}`;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export function requireAccessDeclarations(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.method === 'HEAD' || (Array.isArray(route.method) && route.method.every((m) => m === 'HEAD'))) return;
    if (!route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access: add config.access ('public', 'user', 'admin', 'project:read', …).`);
    }
  });
}
