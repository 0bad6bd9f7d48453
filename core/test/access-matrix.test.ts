// Every API route × every kind of caller, against a running control plane on PostgreSQL: each cell acts
// on real objects (a project and an environment on which the caller's team holds its grant; fresh ones
// for rows that destroy them), so a 2xx means the action happened. The live route table only serves to fail when a route has no row.
import t from 'tap';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';
import { CALLERS, identityRows, type Caller, type Cell, type MatrixRow } from './fixtures/access-matrix-rows.js';

// Later route groups (catalog, pipelines, deployments, nodes) add their rows here.
const rows: MatrixRow[] = [...identityRows];

// Routes whose owners have not written their rows yet: reported as to-do, not passed. Replace an entry
// with rows; a route in neither list fails the test.
const awaitingRows = new Set([
  'GET /api/v1/registries', 'POST /api/v1/registries', 'GET /api/v1/registries/:id', 'PATCH /api/v1/registries/:id', 'DELETE /api/v1/registries/:id', 'POST /api/v1/registries/:id/test',
  'GET /api/v1/services', 'POST /api/v1/services', 'GET /api/v1/services/:id', 'PATCH /api/v1/services/:id', 'DELETE /api/v1/services/:id', 'GET /api/v1/services/:id/tags',
  'GET /api/v1/plugins', 'POST /api/v1/plugins', 'GET /api/v1/plugins/:scope/:name', 'GET /api/v1/plugins/:scope/:name/:version', 'DELETE /api/v1/plugins/:scope/:name', 'DELETE /api/v1/plugins/:scope/:name/:version',
  'GET /api/v1/projects/:id/pipeline', 'GET /api/v1/projects/:id/pipeline/versions', 'POST /api/v1/projects/:id/pipeline/versions', 'GET /api/v1/projects/:id/pipeline/versions/:version',
  'POST /api/v1/projects/:id/pipeline/validate', 'POST /api/v1/projects/:id/pipeline/dry-run',
  'GET /api/v1/projects/:id/secrets', 'PUT /api/v1/projects/:id/secrets/:name', 'DELETE /api/v1/projects/:id/secrets/:name',
]);

t.test('every route answers every kind of caller as the access table says', { timeout: 600_000 }, async (t) => {
  const plane = await startTestControlPlane();
  t.teardown(plane.close);
  const app = plane.app;
  const adminCookie = await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password);

  const must = async (cookie: string, method: string, url: string, payload?: unknown) => {
    const response = await call(app, { cookie }, method, url, payload);
    if (response.status >= 300) throw new Error(`setup ${method} ${url} failed: ${response.status} ${response.raw}`);
    return response.body;
  };
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${++counter}`;

  // One user per kind of caller; the four grant holders each have their own team.
  const password = 'matrix-password';
  const grantOf: Partial<Record<Caller, { on: 'projects' | 'environments'; access: 'read' | 'full'; teamId: string }>> = {};
  const cookies: Partial<Record<Caller, string>> = { admin: adminCookie };
  const usernames: Partial<Record<Caller, string>> = { admin: TEST_ADMIN.username };
  const grantSpecs = { readProject: ['projects', 'read'], readEnvironment: ['environments', 'read'], fullProject: ['projects', 'full'], fullEnvironment: ['environments', 'full'] } as const;
  for (const caller of CALLERS.filter((c) => c !== 'anonymous' && c !== 'admin')) {
    const user = await must(adminCookie, 'POST', '/api/v1/users', { username: `matrix-${caller.toLowerCase()}`, password, role: 'user' });
    usernames[caller] = user.username;
    const spec = grantSpecs[caller as keyof typeof grantSpecs];
    if (spec) {
      const team = await must(adminCookie, 'POST', '/api/v1/teams', { name: `team-${caller}` });
      await must(adminCookie, 'POST', `/api/v1/teams/${team.id}/members`, { userId: user.id });
      grantOf[caller] = { on: spec[0], access: spec[1], teamId: team.id };
    }
    cookies[caller] = await signIn(app, user.username, password);
  }
  const bystander = { username: 'bystander', password: 'bystander-password', id: '' };
  bystander.id = (await must(adminCookie, 'POST', '/api/v1/users', { username: bystander.username, password: bystander.password, role: 'user' })).id;

  // A project P and an environment E, each grant holder's team holding its grant on one of them.
  const grantedObjects = async () => {
    const project = await must(adminCookie, 'POST', '/api/v1/projects', { name: unique('p'), resources: { cpu: 1, memoryMb: 256 } });
    const environment = await must(adminCookie, 'POST', '/api/v1/environments', { name: unique('e'), baseDomain: 'qa.example.test', ttlHours: 8 });
    for (const grant of Object.values(grantOf)) {
      const targetId = grant!.on === 'projects' ? project.id : environment.id;
      await must(adminCookie, 'PUT', `/api/v1/${grant!.on}/${targetId}/grants/${grant!.teamId}`, { access: grant!.access });
    }
    return { project, environment };
  };
  const shared = await grantedObjects();

  const covered = new Set(rows.map((row) => row.route));
  t.equal(covered.size, rows.length, 'no route has two rows');
  for (const route of app.apiRoutes) {
    const key = `${route.method} ${route.url}`;
    if (awaitingRows.has(key) && !covered.has(key)) t.ok(false, `the access matrix has a row for ${key}`, { todo: 'its owners add the rows' });
    else t.ok(covered.has(key), `the access matrix has a row for ${key}`);
  }

  for (const row of rows) {
    const [method, url] = row.route.split(' ');
    t.ok(app.apiRoutes.some((r) => r.method === method && r.url === url), `${row.route} exists`);
    const seen: Record<string, number> = {};
    for (const caller of CALLERS) {
      const { project, environment } = row.fresh ? await grantedObjects() : shared;
      const cell: Cell = {
        caller,
        project,
        environment,
        admin: (m, u, p) => must(adminCookie, m, u, p),
        asCaller: (m, u, p) => must(cookies[caller] ?? adminCookie, m, u, p),
        freshSession: async () => (caller === 'anonymous' ? undefined : signIn(app, usernames[caller]!, caller === 'admin' ? TEST_ADMIN.password : password)),
        unique,
        bystander,
      };
      const request = await row.request(cell);
      const cookie = 'cookie' in request ? request.cookie : cookies[caller];
      const response = await call(app, cookie ? { cookie } : null, method, request.url, request.payload);
      seen[caller] = response.status;
    }
    const expected = Object.fromEntries(CALLERS.map((caller, i) => [caller, row.expect[i]]));
    t.same(seen, expected, row.route);
  }
});
