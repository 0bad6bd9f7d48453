// With several worker processes, the feed holder hands every table to all of them: whichever worker
// takes a connection answers from the latest table, and stop() ends the workers.
import t from 'tap';
import cluster from 'node:cluster';
import { startIngressProxy } from '../src/proxy/index.js';
import { eventually, get, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { startBusyboxUpstream } from './support/upstreams.js';

t.test('two workers serve the same, latest table', async (t) => {
  const [a, b] = await Promise.all([startBusyboxUpstream('a'), startBusyboxUpstream('b')]);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', accessLog: false, log: () => {}, workers: 2 });
  t.equal(Object.keys(cluster.workers ?? {}).length, 2, 'two worker processes run');

  await cp.ingress.apply(table(1, [route('web.pr-1.qa.example.com', a)]));
  await eventually('table 1', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.body === 'a\n');
  await cp.ingress.apply(table(2, [route('web.pr-1.qa.example.com', b)]));
  await eventually('table 2', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.body === 'b\n');
  const burst = () => Promise.all(Array.from({ length: 20 }, () => get(proxy.port, 'web.pr-1.qa.example.com')));
  const answers = await eventually('both workers on table 2', burst, (list) => list.every((r) => r.body === 'b\n'), 2_000);
  t.equal(answers.length, 20, 'every connection, whichever worker took it, sees table 2');
  t.equal(proxy.status().version, 2);

  await proxy.stop();
  t.equal(Object.keys(cluster.workers ?? {}).length, 0, 'stop() ended the workers');
});
