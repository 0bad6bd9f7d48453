// Every API route × every kind of caller, against a running control plane on PostgreSQL: each cell acts
// on real objects (a project and an environment on which the caller's team holds its grant; fresh ones
// for rows that destroy them; a real agent as E's node, so created, cloned and retried deployments really
// run), so a 2xx means the action happened. The rows are written by hand from the access rules (docs/access.md) in
// fixtures/access-matrix-*-rows.ts; the live route table only serves to fail when a route has no row.
import t from 'tap';
import { apiRoutesOf, call, eventually, signIn, startTestControlPlane, TEST_ADMIN } from '@nullops/core/testing';
import { CALLERS, identityRows, type Caller } from './fixtures/access-matrix-rows.js';
import { catalogRows } from './fixtures/access-matrix-catalog-rows.js';
import { orchestrationRows } from './fixtures/access-matrix-orchestration-rows.js';
import { buildWorld, type World, type WorldCell, type WorldRow } from './fixtures/access-matrix-world.js';

const rows: WorldRow[] = [...identityRows, ...catalogRows, ...orchestrationRows];

t.test('every route answers every kind of caller as the access table says', { timeout: 600_000 }, async (t) => {
  // It listens on loopback: the agent of E's node and the event stream's clients reach it there.
  const plane = await startTestControlPlane({ port: 0 });
  let world: World | undefined;
  t.teardown(async () => {
    try {
      await world?.close();
    } finally {
      await plane.close();
    }
  });
  const app = plane.app;
  const base = await plane.controlPlane.listen();
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
  world = await buildWorld({ app, base, admin: (m, u, p) => must(adminCookie, m, u, p), project: shared.project, environment: shared.environment, unique });

  const covered = new Set(rows.map((row) => row.route));
  t.equal(covered.size, rows.length, 'no route has two rows');
  for (const route of apiRoutesOf(app)) {
    const key = `${route.method} ${route.url}`;
    t.ok(covered.has(key), `the access matrix has a row for ${key}`);
  }

  for (const row of rows) {
    const [method, url] = row.route.split(' ');
    t.ok(apiRoutesOf(app).some((r) => r.method === method && r.url === url), `${row.route} exists`);
    const seen: Record<string, number> = {};
    for (const caller of CALLERS) {
      const { project, environment } = row.fresh ? await grantedObjects() : shared;
      const cell: WorldCell = {
        caller,
        project,
        environment,
        admin: (m, u, p) => must(adminCookie, m, u, p),
        asCaller: (m, u, p) => must(cookies[caller] ?? adminCookie, m, u, p),
        freshSession: async () => (caller === 'anonymous' ? undefined : signIn(app, usernames[caller]!, caller === 'admin' ? TEST_ADMIN.password : password)),
        unique,
        bystander,
        world,
      };
      const request = await row.request(cell);
      const cookie = 'cookie' in request ? request.cookie : cookies[caller];
      seen[caller] = row.stream ? await streamStatus(base, request.url, cookie) : (await call(app, cookie ? { cookie } : null, method, request.url, request.payload)).status;
    }
    const expected = Object.fromEntries(CALLERS.map((caller, i) => [caller, row.expect[i]]));
    t.same(seen, expected, row.route);
  }

  // What the allowed callers created, cloned and retried really runs: three of each, on E's node.
  const started = async () =>
    ((await must(adminCookie, 'GET', `/api/v1/deployments?environmentId=${shared.environment.id}&limit=500`)).items as { status: string; node: unknown }[]).filter((d) => d.node !== null && d.status !== 'deleted');
  await eventually('the started deployments to run', async () => (await started()).every((d) => d.status === 'running'), { timeoutMs: 60_000, everyMs: 250 }).catch(() => undefined);
  const statuses = (await started()).map((d) => d.status);
  t.same(statuses, Array(9).fill('running'), 'the 3 created, 3 cloned and 3 retried deployments run on the node');
});

/** The status of a server-sent-event stream: read once its headers arrive, then the connection is closed. */
async function streamStatus(base: string, url: string, cookie: string | undefined): Promise<number> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const response = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {}, signal: abort.signal });
    return response.status;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
