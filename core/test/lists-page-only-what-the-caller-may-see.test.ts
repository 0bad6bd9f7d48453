// Lists of projects, environments and deployments hold only what the caller may read, and their paging
// and `total` count only that: a user with grants on a subset pages through exactly that subset.
import t from 'tap';
import { Deployment } from '../src/modules/deployments/entities.js';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';

t.test('a user with grants on some projects pages through exactly those', { timeout: 120_000 }, async (t) => {
  const plane = await startTestControlPlane();
  t.teardown(plane.close);
  const app = plane.app;
  const admin = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const must = async (method: string, url: string, body?: unknown) => {
    const answer = await call(app, admin, method, url, body);
    if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${answer.raw}`);
    return answer.body;
  };

  // Seven projects a..g; the user's team may read b, d, f and g (four of them).
  const projects: Record<string, { id: string }> = {};
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) projects[name] = await must('POST', '/api/v1/projects', { name: `project-${name}`, resources: { cpu: 1, memoryMb: 256 } });
  const environments = [await must('POST', '/api/v1/environments', { name: 'qa', baseDomain: 'qa.example', ttlHours: 4 }), await must('POST', '/api/v1/environments', { name: 'staging', baseDomain: 'st.example', ttlHours: 4 })];
  const user = await must('POST', '/api/v1/users', { username: 'reader', password: 'reader-password', role: 'user' });
  const team = await must('POST', '/api/v1/teams', { name: 'readers' });
  await must('POST', `/api/v1/teams/${team.id}/members`, { userId: user.id });
  for (const name of ['b', 'd', 'f', 'g']) await must('PUT', `/api/v1/projects/${projects[name].id}/grants/${team.id}`, { access: name === 'g' ? 'full' : 'read' });
  const reader = { cookie: await signIn(app, 'reader', 'reader-password') };
  const list = async (url: string) => (await call(app, reader, 'GET', url)).body as { items: { name: string; access?: string }[]; total: number };

  const first = await list('/api/v1/projects?limit=3&offset=0');
  t.equal(first.total, 4, 'total counts the four visible projects, not all seven');
  t.same(first.items.map((p) => p.name), ['project-b', 'project-d', 'project-f'], 'the first page holds the first three visible projects by name');
  const second = await list('/api/v1/projects?limit=3&offset=3');
  t.equal(second.total, 4, 'the same total on the next page');
  t.same(second.items.map((p) => [p.name, p.access]), [['project-g', 'full']], 'the last page holds the rest, each with its access');
  t.same((await list('/api/v1/projects?limit=3&offset=6')).items, [], 'past the end: no items');
  t.equal((await call(app, admin, 'GET', '/api/v1/projects?limit=2')).body.total, 7, 'an admin sees all seven');

  // Environments are listed to every signed-in user.
  const envPage = await list('/api/v1/environments?limit=1&offset=1');
  t.equal(envPage.total, 2, 'every environment counts for a signed-in user');
  t.same(envPage.items.map((e) => [e.name, e.access]), [['staging', 'read']], 'paged by name, with read access');

  // Deployments: one per project in qa; the user sees the four of their projects.
  const em = app.orm.em.fork();
  for (const [name, project] of Object.entries(projects)) {
    em.create(Deployment, {
      name: `d-${name}`, projectId: project.id, environmentId: environments[0].id, nodeId: null, status: 'failed', pipelineVersion: 1, versions: {}, resources: { cpu: 1, memoryMb: 256 },
      services: [], error: null, outputsEncrypted: null, createdBy: 'root-admin', lastActivityAt: new Date(), expiresAt: new Date(Date.now() + 3600_000), deletedAt: null, deletedBy: null, deleteReason: null,
    } as never);
  }
  await em.flush();
  const deployments = await list('/api/v1/deployments?limit=2');
  t.equal(deployments.total, 4, 'total counts the four deployments of visible projects');
  t.equal(deployments.items.length, 2, 'one page of two');
  t.ok(deployments.items.every((d) => ['d-b', 'd-d', 'd-f', 'd-g'].includes(d.name)), 'only deployments of visible projects');

  // An environment grant shows every project (a team with it may deploy any of them there).
  await must('PUT', `/api/v1/environments/${environments[1].id}/grants/${team.id}`, { access: 'read' });
  const readerAgain = { cookie: await signIn(app, 'reader', 'reader-password') };
  t.equal((await call(app, readerAgain, 'GET', '/api/v1/projects?limit=1')).body.total, 7, 'with an environment grant every project is listed');
});
