// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The desired table's intake and converge's bookkeeping, without Docker: which requests are refused,
// what a sync removes or reports, which rollbacks a teardown owes, what a status reports, what is
// adopted from labels, and that converges of one deployment never overlap.
import t from 'tap';
import type { RollbackCall } from '@nullops/core/contracts';
import { rollbacksOwed, statusReport, withoutUndone } from '../src/deployments/decide.js';
import { recordForUnknown, refuseDeploy, refuseDestroy, syncOutcome } from '../src/deployments/desired.js';
import { adoptedEntry } from '../src/deployments/recovery.js';
import { SerialQueues } from '../src/deployments/serial-queues.js';
import type { ServiceObservation } from '../src/observability/service-observation.js';
import type { DeploymentRecord } from '../src/state/state-file.js';
import { httpService, plan } from './support/plans.js';

const record = (id: string, generation: number, status: DeploymentRecord['status'], extra: Partial<DeploymentRecord> = {}): DeploymentRecord => ({ id, generation, seq: 5, status, rollbackSteps: [], ...extra });
const call = (stepId: string): RollbackCall => ({ stepId, image: `img-${stepId}`, manifest: {} as RollbackCall['manifest'], params: {}, outputs: {} });
const service = (deploymentId: string, generation: number, stepId: string, status = 'running'): ServiceObservation => ({ deploymentId, generation, stepId, status, health: 'healthy', restartCount: 0, memoryMb: 1, cpuPercent: 0, uptimeSeconds: 1 });

t.test('deploy and destroy are refused before a sync, for a bad plan, or for an older generation', async (t) => {
  const p = plan('d', [httpService('web', [], 'x')], { generation: 3 });
  t.match(refuseDeploy(p, undefined, false), { code: 'NOT_SYNCED' });
  t.match(refuseDeploy(plan('d', [httpService('a', ['zzz'], 'x')]), undefined, true), { code: 'INVALID_PLAN', message: /needs "zzz"/ });
  t.match(refuseDeploy(p, record('d', 3, 'failed'), true), { code: 'STALE_GENERATION', message: 'generation 3 is not newer than 3' });
  t.equal(refuseDeploy(p, record('d', 2, 'failed'), true), null, 'a retry at a newer generation runs');
  const destroy = { seq: 9, deploymentId: 'd', generation: 2, reason: 'deleted' as const, gracefulStopSeconds: 5, masks: [], rollbacks: [call('kc')] };
  t.match(refuseDestroy(destroy, undefined, false), { code: 'NOT_SYNCED' });
  t.match(refuseDestroy(destroy, record('d', 3, 'running'), true), { code: 'STALE_GENERATION' });
  t.equal(refuseDestroy(destroy, record('d', 2, 'running'), true), null, 'the same generation may be destroyed');
  t.equal(refuseDestroy(destroy, undefined, true), null, 'an unknown deployment may be destroyed');
  t.same(recordForUnknown(destroy).rollbackSteps, ['kc'], 'for an unknown deployment every rollback the request names is owed');
});

t.test('a sync removes what it does not want, never what a newer request set, and reports unknown ones', async (t) => {
  const sync = {
    seq: 10,
    nodeId: 'n',
    plugins: [],
    deployments: [
      { id: 'keep', generation: 1, desired: 'running' as const, masks: [] },
      { id: 'gone', generation: 4, desired: 'absent' as const, masks: [] },
      { id: 'new-here', generation: 2, desired: 'running' as const, masks: [] },
      { id: 'was-deleted', generation: 1, desired: 'absent' as const, masks: [] },
    ],
  };
  const records = [record('keep', 1, 'running'), record('gone', 3, 'running'), record('unlisted', 1, 'failed'), record('newer', 1, 'deploying', { seq: 11 }), record('was-deleted', 1, 'deleted')];
  t.same(syncOutcome(sync, records), {
    remove: [
      { id: 'gone', generation: 4 },
      { id: 'unlisted', generation: 1 },
    ],
    unknown: [{ id: 'new-here', generation: 2 }],
  });
});

t.test('a teardown runs only the rollbacks still owed, from the request or the last run', async (t) => {
  const owing = record('d', 1, 'running', { rollbackSteps: ['a', 'b'] });
  t.same(rollbacksOwed([call('a'), call('c')], owing, []).map((r) => r.stepId), ['a'], 'a rollback this agent did not record is not run');
  t.same(rollbacksOwed([call('a')], owing, [call('a'), call('b')]).map((r) => r.stepId), ['b', 'a'], 'what the request lacks comes from the last run');
  t.same(rollbacksOwed([call('a')], record('d', 1, 'failed', { pendingRollbacks: ['a'] }), []).map((r) => r.stepId), ['a'], 'rollbacks pending after a restart are owed');
  t.same(rollbacksOwed([call('x'), call('y')], recordForUnknown({ seq: 1, deploymentId: 'd', generation: 1, reason: 'deleted', gracefulStopSeconds: 1, masks: [], rollbacks: [call('x'), call('y')] }), []).map((r) => r.stepId), ['x', 'y']);
  t.same(withoutUndone(record('d', 1, 'failed', { rollbackSteps: ['a', 'b'], pendingRollbacks: ['a'] }), [call('a')]), record('d', 1, 'failed', { rollbackSteps: ['b'], pendingRollbacks: [] }), 'undone rollbacks are no longer owed');
});

t.test('a status reports the current generation of a running deployment', async (t) => {
  const services = [service('d', 1, 'old'), service('d', 2, 'web'), service('other', 2, 'x')];
  t.same(statusReport(record('d', 2, 'running'), services, { kc: { url: 'u' } }), {
    deploymentId: 'd',
    generation: 2,
    status: 'running',
    services: [{ stepId: 'web', status: 'running', health: 'healthy', restartCount: 0 }],
    outputs: { kc: { url: 'u' } },
  });
  const failed = statusReport(record('d', 2, 'failed', { error: { code: 'JOB_FAILED', message: 'exit 1' }, pendingRollbacks: ['kc'] }), [], {});
  t.same(failed, { deploymentId: 'd', generation: 2, status: 'failed', error: { code: 'JOB_FAILED', message: 'exit 1' }, pendingRollbacks: ['kc'], services: [] }, 'no empty outputs');
});

t.test('a deployment found only in Docker labels is adopted at its newest generation', async (t) => {
  const objects = [1, 3, 2].map((generation) => ({ kind: 'container' as const, id: `c${generation}`, name: 'c', deploymentId: 'd', generation }));
  t.match(adoptedEntry('d', objects, [service('d', 3, 'web')]), { desired: { want: 'running', generation: 3 }, record: { generation: 3, status: 'running' } });
  t.match(adoptedEntry('d', objects, [service('d', 3, 'web'), service('d', 3, 'db', 'exited')]).record, { status: 'failed' }, 'a stopped service makes it failed (cleanup removes it)');
  t.match(adoptedEntry('d', objects, []).record, { status: 'failed' }, 'no service at all: failed');
});

t.test('converges of one deployment run one at a time; a waiting one absorbs later requests', async (t) => {
  const log: string[] = [];
  const errors: string[] = [];
  const queues = new SerialQueues<number>((key, error) => errors.push(`${key}: ${error.message}`));
  const gates: Record<string, () => void> = {};
  const work = (name: string) => (key: string) =>
    new Promise<number>((resolve) => {
      log.push(`start ${key}/${name}`);
      gates[`${key}/${name}`] = () => {
        log.push(`end ${key}/${name}`);
        resolve(1);
      };
    });
  const tick = () => new Promise((r) => setImmediate(r));
  const first = queues.run('a', work('1'));
  const early = queues.run('a', work('early'));
  await tick();
  const second = queues.run('a', work('2'));
  const joined = queues.run('a', work('3'));
  const other = queues.run('b', work('1'));
  await tick();
  t.same(log, ['start a/1', 'start b/1'], 'the second converge of a waits for the first; b runs beside it');
  t.ok(queues.busy('a'));
  gates['a/1']();
  await first;
  await tick();
  t.same(log.slice(2), ['end a/1', 'start a/2'], 'the third request joined the waiting second');
  gates['a/2']();
  gates['b/1']();
  t.same(await Promise.all([early, second, joined, other]), [1, 1, 1, 1]);
  t.notOk(log.some((line) => line.includes('early') || line.includes('a/3')), 'requests made while a converge waited to start ran no converge of their own');
  await queues.idle();
  t.notOk(queues.busy('a'), 'an idle deployment has no queue');
  const failing = await queues.run('c', async () => {
    throw new Error('boom');
  });
  t.equal(failing, undefined);
  await queues.idle();
  t.same(errors, ['c: boom'], 'a failed converge is reported and the queue goes on');
});
