// Routes added and removed while requests flow: the hosts that did not change see no error at all.
import t from 'tap';
import { startIngressProxy } from '../src/proxy/index.js';
import { eventually, get, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { runBrowserLikeLoad } from './support/browser-like-load.js';
import { startBusyboxUpstream } from './support/upstreams.js';

t.test('adding and removing a route under load', async (t) => {
  const [a, b, c] = await Promise.all([startBusyboxUpstream('a'), startBusyboxUpstream('b'), startBusyboxUpstream('c')]);
  t.teardown(() => Promise.all([a.stop(), b.stop(), c.stop()]));
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', accessLog: false, log: () => {} });
  t.teardown(() => proxy.stop());
  const stable = [route('web.pr-1.qa.example.com', a), route('web.pr-2.qa.example.com', b)];
  let version = 1;
  await cp.ingress.apply(table(version, stable));
  await eventually('stable routes', () => get(proxy.port, 'web.pr-2.qa.example.com'), (r) => r.status === 200);

  const changing = route('web.pr-3.qa.example.com', c);
  let changes = 0;
  const seen = { added: false, removed: false };
  let loading = true;
  const churn = (async () => {
    while (loading) {
      const add = changes % 2 === 0;
      await cp.ingress.apply(table(++version, add ? [...stable, changing] : stable));
      changes++;
      await new Promise((resolve) => setTimeout(resolve, 60));
      const answer = await get(proxy.port, 'web.pr-3.qa.example.com');
      if (add && answer.status === 200) seen.added = true;
      if (!add && answer.status === 404) seen.removed = true;
    }
  })();
  const load = await runBrowserLikeLoad(proxy.port, [
    { host: 'web.pr-1.qa.example.com', expectBody: 'a\n' },
    { host: 'web.pr-2.qa.example.com', expectBody: 'b\n' },
  ], { requests: 1500, maxMs: 15_000, concurrency: 8 });
  loading = false;
  await churn;

  t.ok(load.sent >= 200, `a real load ran (${load.sent} requests)`);
  t.ok(changes >= 4, `the table changed while it ran (${changes} changes)`);
  t.same(load.errors.slice(0, 10), [], 'no request to an unchanged host failed');
  t.equal(load.ok, load.sent);
  t.equal(load.retried, 0, 'not even a kept-alive connection was closed under a client');
  t.ok(seen.added, 'the added route answered 200');
  t.ok(seen.removed, 'the removed route answered 404');
});
