// The builtin proxy routes by Host to real upstream containers, sets X-Forwarded-*, streams request
// bodies, and answers unknown, deploying, offline and failing hosts with clear pages.
import t from 'tap';
import { startIngressProxy } from '../src/proxy/index.js';
import { get, eventually, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { deadPort, startBusyboxUpstream } from './support/upstreams.js';

t.test('routes by host to real upstreams', async (t) => {
  const [a, b] = await Promise.all([startBusyboxUpstream('hello from a'), startBusyboxUpstream('hello from b')]);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const accessLines: string[] = [];
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', accessLog: (line) => accessLines.push(line), log: () => {} });
  t.teardown(() => proxy.stop());

  const dead = await deadPort();
  await cp.ingress.apply(
    table(1, [
      route('web.pr-1.qa.example.com', a),
      route('api.pr-2.qa.example.com', b),
      route('web.pr-3.qa.example.com', undefined, 'deploying', 'pr-3'),
      route('web.pr-4.qa.example.com', a, 'offline', 'pr-4'),
      route('web.pr-5.qa.example.com', { address: '127.0.0.1', port: dead }, 'ready', 'pr-5'),
    ]),
  );
  const first = await eventually('table 1 applied', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.status === 200);
  t.equal(first.body, 'hello from a\n', 'host of deployment pr-1 reaches upstream a');
  t.equal((await get(proxy.port, 'api.pr-2.qa.example.com')).body, 'hello from b\n', 'host of deployment pr-2 reaches upstream b');
  t.equal((await get(proxy.port, 'WEB.PR-1.QA.Example.COM:7780')).body, 'hello from a\n', 'host match ignores case and port');
  t.equal(proxy.status().version, 1);
  t.equal(cp.ingress.status().appliedVersion, 1);

  const echoed = await get(proxy.port, 'web.pr-1.qa.example.com:7780', '/cgi-bin/echo', { method: 'POST', body: 'payload-123' });
  t.equal(echoed.status, 200);
  t.match(echoed.body, /xff=127\.0\.0\.1/, 'X-Forwarded-For carries the client address');
  t.match(echoed.body, /proto=http\n/, 'X-Forwarded-Proto is http');
  t.match(echoed.body, /xhost=web\.pr-1\.qa\.example\.com:7780/, 'X-Forwarded-Host is the original Host');
  t.match(echoed.body, /host=web\.pr-1\.qa\.example\.com:7780/, 'the upstream sees the original Host');
  t.match(echoed.body, /method=POST\nbody=payload-123/, 'the request body reaches the upstream');

  const unknown = await get(proxy.port, 'nope.pr-9.qa.example.com');
  t.equal(unknown.status, 404, 'unknown host → 404');
  t.match(unknown.body, /No deployment answers at <code>nope\.pr-9\.qa\.example\.com<\/code>/);
  t.match(unknown.headers['content-type'], /text\/html/);

  const deploying = await get(proxy.port, 'web.pr-3.qa.example.com');
  t.equal(deploying.status, 503, 'deploying → 503');
  t.equal(deploying.headers['retry-after'], '5', 'with Retry-After');
  t.match(deploying.body, /<strong>pr-3<\/strong> is still deploying/, 'the page names the deployment and its state');

  const offline = await get(proxy.port, 'web.pr-4.qa.example.com');
  t.equal(offline.status, 503, 'offline → 503');
  t.notOk(offline.headers['retry-after']);
  t.match(offline.body, /<strong>pr-4<\/strong> is offline/);

  const failing = await get(proxy.port, 'web.pr-5.qa.example.com');
  t.equal(failing.status, 502, 'upstream refusing connections → 502');
  t.match(failing.body, /did not answer/);
  t.match(failing.body, /<strong>pr-5<\/strong>/);

  await cp.ingress.apply(table(2, [route('web.pr-1.qa.example.com', b)]));
  await eventually('table 2 applied', () => get(proxy.port, 'web.pr-1.qa.example.com'), (r) => r.body === 'hello from b\n');
  t.equal((await get(proxy.port, 'api.pr-2.qa.example.com')).status, 404, 'a route removed from the table answers 404');

  await new Promise((resolve) => setTimeout(resolve, 50));
  t.ok(accessLines.some((l) => /"GET web\.pr-1\.qa\.example\.com\/" 200 \d+\.\dms$/.test(l)), 'access log has host, status and duration');
  t.ok(accessLines.some((l) => /"GET web\.pr-3\.qa\.example\.com\/" 503 /.test(l)));
});

t.test('a table older than the current one is refused by the port', async (t) => {
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  await cp.ingress.apply(table(5, []));
  await t.rejects(cp.ingress.apply(table(4, [])), /older than the one already applied/);
  await t.rejects(cp.ingress.apply({ version: 6, routes: [{ host: 'x' }] } as never), /Invalid route table/);
  t.equal(cp.ingress.status().appliedVersion, 5);
});
