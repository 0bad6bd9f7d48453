// Auto-cleanup: a deployment past its expiry is removed by the reaper, which records who (`system`) and
// why (`expired`) on the deployment and in the audit log; extend resets the timer.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { labelledObjects, pushPageImage, seedWebProject, startStack, waitForStatus } from './support/stack.js';

const stack = await startStack({ reaperIntervalSeconds: 1 });
t.teardown(() => stack.close());
const { api, admin } = stack;
const repository = `reaper-${randomBytes(4).toString('hex')}/page`;
await pushPageImage(repository, 'v1', 'reaped page');
const { project } = await seedWebProject(stack, { cpu: 0.2, repository });
const suffix = project.name.replace('shop-', '');

t.test('extend resets the timer to last activity + TTL', async (t) => {
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'kept', versions: { [`web-${suffix}`]: 'v1' } }, admin);
  t.equal(created.status, 201);
  const ttlMs = 24 * 3_600_000;
  t.ok(Math.abs(Date.parse(created.body.expiresAt) - Date.parse(created.body.lastActivityAt) - ttlMs) < 1000, 'expires one environment TTL after creation');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const extended = await api('POST', `/deployments/${created.body.id}/extend`, undefined, admin);
  t.equal(extended.status, 200);
  t.ok(Date.parse(extended.body.expiresAt) > Date.parse(created.body.expiresAt), 'the new expiry is later');
  await waitForStatus(stack, created.body.id, 'running');
  await api('DELETE', `/deployments/${created.body.id}`, undefined, admin);
  await waitForStatus(stack, created.body.id, 'deleted');
});

t.test('an expired deployment is removed by the reaper, by system, because it expired', async (t) => {
  // The project's TTL override (about two seconds) wins over the environment's 24 hours.
  const patched = await api('PATCH', `/projects/${project.id}`, { ttlHours: 2 / 3600 }, admin);
  t.equal(patched.status, 200, JSON.stringify(patched.body));
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'short-lived', versions: { [`web-${suffix}`]: 'v1' } }, admin);
  t.equal(created.status, 201, JSON.stringify(created.body));
  const gone = await waitForStatus(stack, created.body.id, 'deleted', 90_000);
  t.equal(gone.deletedBy, 'system');
  t.equal(gone.deleteReason, 'expired');
  t.same(await labelledObjects(stack.node.id, created.body.id), { containers: 0, networks: 0, volumes: 0 }, 'nothing of it is left');
  const audit = await api('GET', `/audit?action=deployments.expire&target=${created.body.id}`, undefined, admin);
  t.match(audit.body.items, [{ actor: null, action: 'deployments.expire', target: { type: 'deployment', id: created.body.id }, details: { reason: 'expired' } }], 'the audit log says no user but the system expired it');
});
