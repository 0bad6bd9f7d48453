// When the control plane goes away the proxy keeps serving its last table, redials with backoff, and
// takes the table the control plane sends once it is back.
import t from 'tap';
import { startIngressProxy } from '../src/proxy/index.js';
import { eventually, get, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { startBusyboxUpstream } from './support/upstreams.js';

t.test('serves the last table while the control plane is down, then follows it again', async (t) => {
  const [a, b] = await Promise.all([startBusyboxUpstream('a'), startBusyboxUpstream('b')]);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  let cp = await startFeedServer();
  const cpPort = cp.port;
  const events: string[] = [];
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', accessLog: false, log: (m) => events.push(m), feedRetry: { minDelayMs: 100, maxDelayMs: 400 } });
  t.teardown(() => proxy.stop());
  await cp.ingress.apply(table(1, [route('web.pr-1.qa.example.com', a)]));
  await eventually('table 1', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.body === 'a\n');
  t.equal(cp.ingress.connections().length, 1, 'the control plane sees one proxy');
  await eventually('applied ack', async () => cp.ingress.connections()[0]?.appliedVersion, (v) => v === 1);

  await cp.close();
  await eventually('proxy notices', async () => proxy.status().feedConnected, (c) => c === false);
  for (let i = 0; i < 20; i++) {
    const answer = await get(proxy.port, 'web.pr-1.qa.example.com');
    t.equal(answer.status, 200, `request ${i} while the control plane is down`);
  }
  t.ok(events.some((e) => /serving the last table/.test(e)), 'the proxy says it serves the last table');
  await new Promise((resolve) => setTimeout(resolve, 600));
  t.equal((await get(proxy.port, 'web.pr-1.qa.example.com')).body, 'a\n', 'still serving after failed redials');

  cp = await startFeedServer(cpPort);
  t.teardown(() => cp.close());
  await cp.ingress.apply(table(2, [route('web.pr-1.qa.example.com', b)]));
  await eventually('table from the restarted control plane', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.body === 'b\n');
  t.equal(proxy.status().feedConnected, true);
  t.equal(proxy.status().version, 2);
});
