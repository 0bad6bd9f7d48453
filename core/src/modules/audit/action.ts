// Names an audited request: the route's declared `config.audit`, or one made of its path and method
// (`POST /api/v1/projects` → `projects.create`, `PATCH /api/v1/projects/:id` → `projects.update`).
const VERBS: Record<string, string> = { POST: 'create', PUT: 'set', PATCH: 'update', DELETE: 'delete' };

export function actionName(method: string, routeUrl: string, declared?: string): string {
  if (declared) return declared;
  const words = routeUrl.replace(/^\/api\/v\d+\//, '').split('/').filter((part) => part && !part.startsWith(':'));
  return [...words, VERBS[method] ?? method.toLowerCase()].join('.');
}

/** The object a request acted on, from the path: `/api/v1/projects/:id/…` → `{type: 'project', id}`. */
export function targetFromPath(routeUrl: string, params: Record<string, string>): { type: string; id: string } | null {
  const words = routeUrl.replace(/^\/api\/v\d+\//, '').split('/');
  if (words[1] !== ':id' || !params.id) return null;
  return { type: words[0].replace(/ies$/, 'y').replace(/s$/, ''), id: params.id };
}
