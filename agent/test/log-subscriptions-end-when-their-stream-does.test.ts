// `logs.subscribe` without follow sends the last `tail` lines of a service and then `logs.end`; with
// follow the subscription stays open, new lines keep arriving, and `logs.end` comes only when the
// container goes away — never after `logs.unsubscribe`, which is the control plane's own ending.
import t from 'tap';
import type { Frame, PayloadOf } from '@nullops/core/contracts';
import { startTestAgent } from './support/agent-fixture.js';
import { httpService, plan, uniqueId } from './support/plans.js';

const serve = 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www';

t.test('log subscriptions end when their stream does, and only then', async (t) => {
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('logs');
  await cp.request('deploy', {
    seq: cp.nextSeq(),
    plan: plan(deploymentId, [
      httpService('quiet', [], 'unused', { command: ['sh', '-c', `for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; done; ${serve}`] }),
      httpService('ticker', [], 'unused', { command: ['sh', '-c', `(n=0; while true; do n=$((n+1)); echo tick-$n; sleep 0.2; done) & ${serve}`] }),
    ]),
  });
  const running = await cp.waitForStatus(deploymentId, ['running', 'failed'], 60_000);
  t.equal(running.status, 'running', `the deployment runs (${JSON.stringify(running.error ?? {})})`);

  const linesOf = (subscriptionId: string) => cp.events('log', deploymentId).filter((l) => l.subscriptionId === subscriptionId).map((l) => l.line);
  const endOf = (subscriptionId: string) => (f: Frame) => f.type === 'logs.end' && (f.payload as PayloadOf<'logs.end'>).subscriptionId === subscriptionId;
  const indexOfEnd = (subscriptionId: string) => cp.frames.findIndex(endOf(subscriptionId));
  /** Waits until the ticker has logged `count` more lines on a followed subscription: proof that time passed. */
  const moreTicks = async (subscriptionId: string, count: number) => {
    const target = linesOf(subscriptionId).length + count;
    await cp.waitFor(() => linesOf(subscriptionId).length >= target, 15_000, false);
  };

  t.same(await cp.request('logs.subscribe', { subscriptionId: 'tail-3', deploymentId, stepId: 'quiet', tail: 3, follow: false }), { subscribed: true });
  await cp.waitFor(endOf('tail-3'), 10_000);
  t.same(linesOf('tail-3'), ['line-8', 'line-9', 'line-10'], 'without follow, exactly the last 3 lines are sent');
  const lastLine = cp.frames.findLastIndex((f) => f.type === 'log' && (f.payload as PayloadOf<'log'>).subscriptionId === 'tail-3');
  t.ok(lastLine < indexOfEnd('tail-3'), 'logs.end comes after the last line');
  t.equal(cp.frames.filter(endOf('tail-3')).length, 1, 'logs.end comes once');

  await cp.request('logs.subscribe', { subscriptionId: 'follow-removed', deploymentId, stepId: 'ticker', tail: 1, follow: true });
  await cp.request('logs.subscribe', { subscriptionId: 'follow-unsubscribed', deploymentId, stepId: 'ticker', tail: 1, follow: true });
  await moreTicks('follow-unsubscribed', 5);
  t.ok(linesOf('follow-unsubscribed').every((line) => /^tick-\d+$/.test(line)), 'followed lines are the ticker’s');
  t.equal(indexOfEnd('follow-unsubscribed'), -1, 'with follow, no logs.end while the container runs');

  t.same(await cp.request('logs.unsubscribe', { subscriptionId: 'follow-unsubscribed' }), {});
  const linesAtUnsubscribe = linesOf('follow-unsubscribed').length;
  await moreTicks('follow-removed', 5);
  t.equal(linesOf('follow-unsubscribed').length, linesAtUnsubscribe, 'no line arrives after logs.unsubscribe');
  t.equal(indexOfEnd('follow-unsubscribed'), -1, 'logs.unsubscribe is not answered with logs.end');
  t.equal(indexOfEnd('follow-removed'), -1, 'the other followed subscription is still open');

  const destroyAt = cp.frames.length;
  await cp.request('destroy', { seq: cp.nextSeq(), deploymentId, generation: 2, reason: 'deleted', gracefulStopSeconds: 1, masks: [], rollbacks: [] });
  await cp.waitFor(endOf('follow-removed'), 30_000);
  t.ok(indexOfEnd('follow-removed') >= destroyAt, 'logs.end comes once the container is going away');
  await cp.waitForStatus(deploymentId, ['deleted'], 60_000);
  t.equal(indexOfEnd('follow-unsubscribed'), -1, 'still no logs.end for the unsubscribed one');
  t.same(cp.invalidFrames, [], 'every agent frame was valid');
});
