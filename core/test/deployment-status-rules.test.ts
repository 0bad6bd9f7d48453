// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The rules the deployment lifecycle applies: what DELETE (or expiry) does in each status, how an agent's
// report moves the status (a removal under way waits for `deleted`), and what a reconnecting agent's
// `hello` means for each deployment of its node.
import t from 'tap';
import type { DeploymentStatus } from '../src/modules/deployments/entities.js';
import { afterHello, isLeaving, removalOf, statusAfterOutage, statusAfterReport } from '../src/modules/deployments/transitions.js';

t.test('DELETE cancels what is deploying, deletes what is live, refuses what is already going', async (t) => {
  t.same(removalOf('pending'), { status: 'cancelling', reason: 'cancelled' });
  t.same(removalOf('deploying'), { status: 'cancelling', reason: 'cancelled' });
  for (const status of ['running', 'failed', 'offline'] as const) t.same(removalOf(status), { status: 'deleting', reason: 'deleted' }, status);
  for (const status of ['cancelling', 'deleting', 'deleted'] as const) t.equal(removalOf(status), null, `${status}: 409 INVALID_STATE`);
  for (const status of ['cancelling', 'deleting', 'deleted'] as const) t.ok(isLeaving(status), `${status}: leaving, so it cannot be extended`);
  for (const status of ['pending', 'deploying', 'running', 'failed', 'offline'] as const) t.notOk(isLeaving(status), `${status}: can be extended`);
});

t.test("an agent's report moves the status, except while a removal waits for `deleted`", async (t) => {
  t.equal(statusAfterReport('deploying', 'running'), 'running');
  t.equal(statusAfterReport('offline', 'running'), 'running', 'a node back from offline reports its deployment running');
  t.equal(statusAfterReport('deleting', 'running'), 'deleting', 'a late `running` does not undo a deletion');
  t.equal(statusAfterReport('cancelling', 'deleted'), 'deleted');
  t.equal(statusAfterReport('failed', 'deleted'), 'failed', 'a rolled-back failure stays failed');
  t.equal(statusAfterReport('deleted', 'running'), 'deleted', 'deleted is final');
});

t.test('a node back from offline: running deployments count as running, unfinished ones as deploying', async (t) => {
  t.equal(statusAfterOutage([{ id: 'web', service: 'web', ingress: true, status: 'running', health: 'healthy', publishedPort: 1, restartCount: 0 }]), 'running');
  t.equal(statusAfterOutage([]), 'deploying');
});

t.test("a reconnecting agent's hello, deployment by deployment", async (t) => {
  const at = (status: DeploymentStatus, generation = 2) => ({ status, generation });
  t.same(afterHello(at('deleting'), undefined), { kind: 'destroy', reason: 'deleted' }, 'a deletion it may have missed is sent again');
  t.same(afterHello(at('cancelling'), { generation: 2, status: 'deploying' }), { kind: 'destroy', reason: 'cancelled' }, 'so is a cancellation');
  t.same(afterHello(at('deploying'), { generation: 2, status: 'running' }), { kind: 'status', status: 'running' }, 'what finished while disconnected is running');
  t.same(afterHello(at('running'), { generation: 2, status: 'running' }), { kind: 'unchanged' });
  t.same(afterHello(at('running'), { generation: 1, status: 'failed' }), { kind: 'unchanged' }, 'a report of an earlier generation says nothing');
  t.same(afterHello(at('running'), undefined), { kind: 'lost' }, 'a deployment the agent should run but no longer has failed');
  t.same(afterHello(at('offline'), undefined), { kind: 'lost' });
  t.same(afterHello(at('pending'), undefined), { kind: 'unchanged' }, 'a pending one may not have reached the agent yet: its deploy follows');
  t.same(afterHello(at('failed'), undefined), { kind: 'unchanged' });
});
