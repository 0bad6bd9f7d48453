// What a user kept after losing access (issue 16): an open /events stream and a followed log went on
// delivering after the grant was removed or the user disabled. Now each stream re-checks its caller every
// few seconds and ends with a last `end` event saying why. Real HTTP streams on loopback.
import t from 'tap';
import { Deployment } from '../src/modules/deployments/entities.js';
import { PipelineVersion } from '../src/modules/pipelines/entity.js';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';

/** Reads a server-sent-event stream into `text` until it ends; `ended` resolves then. */
function follow(url: string, cookie: string) {
  const state = { text: '', ended: false };
  const done = fetch(url, { headers: { cookie } }).then(async (response) => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done: finished, value } = await reader.read();
      if (finished) break;
      state.text += decoder.decode(value, { stream: true });
    }
    state.ended = true;
  });
  done.catch(() => (state.ended = true));
  return state;
}

async function within(seconds: number, probe: () => boolean): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return probe();
}

t.test('streams end when access is gone', { timeout: 120_000 }, async (t) => {
  const plane = await startTestControlPlane();
  t.teardown(plane.close);
  const app = plane.app;
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const project = (await call(app, admin, 'POST', '/api/v1/projects', { name: 'shop', resources: { cpu: 1, memoryMb: 512 } })).body;
  const environment = (await call(app, admin, 'POST', '/api/v1/environments', { name: 'qa', baseDomain: 'qa.example', ttlHours: 4 })).body;
  const user = (await call(app, admin, 'POST', '/api/v1/users', { username: 'watcher', password: 'watcher-password', role: 'user' })).body;
  const team = (await call(app, admin, 'POST', '/api/v1/teams', { name: 'watchers' })).body;
  await call(app, admin, 'POST', `/api/v1/teams/${team.id}/members`, { userId: user.id });
  t.equal((await call(app, admin, 'PUT', `/api/v1/projects/${project.id}/grants/${team.id}`, { access: 'read' })).status, 200);

  // A finished deployment whose job step's log is followed from the kept lines and the live bus.
  const em = app.orm.em.fork();
  em.create(PipelineVersion, { projectId: project.id, version: 1, definition: { steps: [{ id: 'migrate', kind: 'job', service: 'web', command: ['true'] }], edges: [] }, resolved: { plugins: {} }, message: '', createdById: null, createdByName: null } as never);
  const deployment = em.create(Deployment, {
    name: 'd1', projectId: project.id, environmentId: environment.id, nodeId: null, status: 'failed', pipelineVersion: 1, versions: {}, resources: { cpu: 1, memoryMb: 512 },
    services: [], error: null, outputsEncrypted: null, createdBy: 'root-admin', lastActivityAt: new Date(), expiresAt: new Date(Date.now() + 3600_000), deletedAt: null, deletedBy: null, deleteReason: null,
  } as never) as Deployment;
  await em.flush();

  const cookie = await signIn(app, 'watcher', 'watcher-password');
  const events = follow(`${base}/api/v1/events`, cookie);
  const logs = follow(`${base}/api/v1/deployments/${deployment.id}/logs?step=migrate&follow=true`, cookie);
  t.ok(await within(10, () => events.text.includes(': connected')), 'the event stream is open');
  const say = (line: string) => app.deployments.live.publishLog({ deploymentId: deployment.id, stepId: 'migrate', stream: 'stdout', at: new Date().toISOString(), line });
  const publish = (status: string) => app.deployments.live.publish({ type: 'deployment', id: deployment.id, projectId: project.id, environmentId: environment.id, status, name: 'd1', at: new Date().toISOString() });
  // Said until heard: the log stream subscribes once it has read the kept lines.
  t.ok(await within(10, () => (say('before revocation'), logs.text.includes('before revocation'))), 'the followed log delivers while the grant holds');
  t.ok(await within(10, () => (publish('running'), events.text.includes('"status":"running"'))), 'the event stream delivers while the grant holds');

  t.equal((await call(app, admin, 'DELETE', `/api/v1/projects/${project.id}/grants/${team.id}`)).status, 204);
  t.ok(await within(10, () => logs.ended), 'the followed log ends within seconds of the grant going');
  t.match(logs.text, /event: end\ndata: \{"code":"NOT_FOUND","message":"You no longer have access to deployment \\"d1\\"/, 'with a last event saying why');
  say('after revocation');
  publish('deleting');
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  t.notMatch(logs.text, /after revocation/, 'nothing is delivered after it');
  t.notMatch(events.text, /"status":"deleting"/, 'the event stream stops showing the deployment once the grant is gone');
  t.notOk(events.ended, 'the event stream itself stays open: the user is still signed in');

  t.equal((await call(app, admin, 'PATCH', `/api/v1/users/${user.id}`, { disabled: true })).status, 200);
  t.ok(await within(10, () => events.ended), 'the event stream ends within seconds of the user being disabled');
  t.match(events.text, /event: end\ndata: \{"code":"UNAUTHENTICATED"/, 'with a last event saying why');
});
