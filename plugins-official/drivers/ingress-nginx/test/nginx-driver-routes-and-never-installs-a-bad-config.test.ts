// The nginx driver against a real nginx master: routes by host to real upstream containers, answers
// 404/503/502 with the pages, keeps other hosts serving while routes change, and a configuration
// nginx refuses never replaces the running one.
//
// "Keeps other hosts serving" means zero failed requests for a browser-like client
// (@nullops/driver-ingress-builtin/testing, browser-like-load.ts). Every reload retires nginx's workers, and a retiring worker closes
// the kept-alive client connections it holds idle, at once; no nginx setting changes that (measured:
// lingering_close, worker_shutdown_timeout and a Keep-Alive header leave it as it is). A request sent
// on such a connection at that instant gets no answer. Browsers send it again by themselves
// (connection reused, no response header yet); the client here does the same for idempotent requests
// with no response byte, counts every retry, and reports it. Anything else is a failure.
import t from 'tap';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deadPort, eventually, get, route, runBrowserLikeLoad, startBusyboxUpstream, table } from '@nullops/driver-ingress-builtin/testing';
import ingressNginx from '../src/index.js';
import { startNginxMaster, type NginxMaster } from './support/nginx-master.js';

async function startDriver(nginx: NginxMaster): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(ingressNginx, { configDir: nginx.configDir, listen: nginx.listen, reloadCommand: nginx.reloadCommand, nullops: {} });
  await app.ready();
  return app;
}

t.test('routes by host and answers the pages', async (t) => {
  const [a, b] = await Promise.all([startBusyboxUpstream('hello from a'), startBusyboxUpstream('hello from b')]);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  const nginx = await startNginxMaster();
  t.teardown(() => nginx.stop());
  const app = await startDriver(nginx);
  t.teardown(() => app.close());
  const dead = await deadPort();

  await app.ingress.apply(
    table(1, [
      route('web.pr-1.qa.example.com', a),
      route('api.pr-2.qa.example.com', b),
      route('web.pr-3.qa.example.com', undefined, 'deploying', 'pr-3'),
      route('web.pr-4.qa.example.com', a, 'offline', 'pr-4'),
      route('web.pr-5.qa.example.com', { address: '127.0.0.1', port: dead }, 'ready', 'pr-5'),
    ]),
  );
  t.same(app.ingress.status(), { driver: 'ingress-nginx', appliedVersion: 1 });
  const first = await eventually('nginx reloaded', () => get(nginx.port, 'web.pr-1.qa.example.com'), (r) => r.status === 200);
  t.equal(first.body, 'hello from a\n');
  t.equal((await get(nginx.port, 'API.pr-2.qa.example.com:7780')).body, 'hello from b\n', 'host match ignores case and port');

  const echoed = await get(nginx.port, 'web.pr-1.qa.example.com', '/cgi-bin/echo', { method: 'POST', body: 'payload-9' });
  t.match(echoed.body, /xff=127\.0\.0\.1\n/, 'X-Forwarded-For');
  t.match(echoed.body, /proto=http\n/, 'X-Forwarded-Proto');
  t.match(echoed.body, /xhost=web\.pr-1\.qa\.example\.com\n/, 'X-Forwarded-Host');
  t.match(echoed.body, /body=payload-9/, 'the body reaches the upstream');

  const unknown = await get(nginx.port, 'nope.pr-9.qa.example.com');
  t.equal(unknown.status, 404, 'unknown host → 404 from the default server');
  t.match(unknown.body, /No deployment answers at <code>nope\.pr-9\.qa\.example\.com<\/code>/);
  t.match(unknown.headers['content-type'], /text\/html/);
  const deploying = await get(nginx.port, 'web.pr-3.qa.example.com');
  t.equal(deploying.status, 503);
  t.equal(deploying.headers['retry-after'], '5');
  t.match(deploying.body, /<strong>pr-3<\/strong> is still deploying/);
  const offline = await get(nginx.port, 'web.pr-4.qa.example.com');
  t.equal(offline.status, 503);
  t.match(offline.body, /<strong>pr-4<\/strong> is offline/);
  const failing = await get(nginx.port, 'web.pr-5.qa.example.com');
  t.equal(failing.status, 502, 'a dead upstream → 502');
  t.match(failing.body, /<strong>pr-5<\/strong>/);
});

t.test('a configuration nginx refuses never replaces the good one', async (t) => {
  const a = await startBusyboxUpstream('still a');
  t.teardown(() => a.stop());
  const nginx = await startNginxMaster();
  t.teardown(() => nginx.stop());
  const app = await startDriver(nginx);
  t.teardown(() => app.close());
  await app.ingress.apply(table(1, [route('web.pr-1.qa.example.com', a)]));
  await eventually('v1 served', () => get(nginx.port, 'web.pr-1.qa.example.com'), (r) => r.status === 200);
  const goodTarget = readlinkSync(join(nginx.configDir, 'current'));
  const goodText = readFileSync(join(nginx.configDir, 'current', 'nullops.conf'), 'utf8');

  // Valid for the schema, refused by nginx: an upstream host name that does not resolve.
  await t.rejects(
    app.ingress.apply(table(2, [route('web.pr-1.qa.example.com', a), route('web.pr-2.qa.example.com', { address: 'no-such-upstream.invalid', port: 80 })])),
    /nginx refused the new configuration, the previous one stays: .*host not found in upstream/s,
  );
  const status = app.ingress.status();
  t.equal(status.appliedVersion, 1, 'the applied version is still 1');
  t.match(status.lastError, /host not found in upstream "no-such-upstream.invalid:80"/, 'status() reports why');
  t.equal(readlinkSync(join(nginx.configDir, 'current')), goodTarget, 'current still points at the good generation');
  t.equal(readFileSync(join(nginx.configDir, 'current', 'nullops.conf'), 'utf8'), goodText);
  t.equal(readdirSync(join(nginx.configDir, 'generations')).length, 1, 'the refused generation was removed');
  t.same(readdirSync(nginx.configDir).filter((n) => n.startsWith('.test-')), [], 'no test config left behind');
  t.equal((await get(nginx.port, 'web.pr-1.qa.example.com')).body, 'still a\n', 'nginx keeps serving the good configuration');

  await t.rejects(app.ingress.apply(table(3, [route('web.pr-1.qa.example.com;evil', a)])), /not a valid host name/, 'nothing can be injected into the config');
  await app.ingress.apply(table(4, [route('web.pr-1.qa.example.com', a), route('web.pr-2.qa.example.com', a)]));
  t.same(app.ingress.status(), { driver: 'ingress-nginx', appliedVersion: 4 }, 'the next good table clears the error');
  await eventually('v4 served', () => get(nginx.port, 'web.pr-2.qa.example.com'), (r) => r.status === 200);

  await app.close();
  const restarted = await startDriver(nginx);
  t.teardown(() => restarted.close());
  t.equal(restarted.ingress.status().appliedVersion, 4, 'a restarted driver reads the version in place');
  t.ok(existsSync(join(nginx.configDir, 'current')));
});

t.test('adding and removing a route under load', async (t) => {
  const [a, b, c] = await Promise.all([startBusyboxUpstream('a'), startBusyboxUpstream('b'), startBusyboxUpstream('c')]);
  t.teardown(() => Promise.all([a.stop(), b.stop(), c.stop()]));
  const nginx = await startNginxMaster();
  t.teardown(() => nginx.stop());
  const app = await startDriver(nginx);
  t.teardown(() => app.close());
  const stable = [route('web.pr-1.qa.example.com', a), route('web.pr-2.qa.example.com', b)];
  let version = 1;
  await app.ingress.apply(table(version, stable));
  await eventually('stable routes', () => get(nginx.port, 'web.pr-2.qa.example.com'), (r) => r.status === 200);

  const changing = route('web.pr-3.qa.example.com', c);
  let changes = 0;
  const seen = { added: false, removed: false };
  let loading = true;
  const churn = (async () => {
    while (loading) {
      const add = changes % 2 === 0;
      await app.ingress.apply(table(++version, add ? [...stable, changing] : stable));
      changes++;
      const answer = await eventually('change served', () => get(nginx.port, 'web.pr-3.qa.example.com'), (r) => r.status === (add ? 200 : 404)).catch(() => undefined);
      if (add && answer) seen.added = true;
      if (!add && answer) seen.removed = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const concurrency = 8;
  const load = await runBrowserLikeLoad(nginx.port, [
    { host: 'web.pr-1.qa.example.com', expectBody: 'a\n' },
    { host: 'web.pr-2.qa.example.com', expectBody: 'b\n' },
  ], { requests: 1500, maxMs: 15_000, concurrency });
  loading = false;
  await churn;

  t.ok(load.sent >= 200, `a real load ran (${load.sent} requests)`);
  t.ok(changes >= 4, `the configuration changed while it ran (${changes} reloads)`);
  // Retries are the browser's resend of a request nginx never read (see the header and docs/ingress.md),
  // reported, not hidden; failures are anything else, and there must be none.
  t.comment(`${load.sent} requests over ${load.connections} connections, ${changes} reloads: ${load.retried} sent again after a reload closed their idle kept-alive connection, ${load.errors.length} failed`);
  t.same(load.errors, [], 'no request to an unchanged host failed');
  t.ok(load.retryReasons.every((r) => /^(ECONNRESET|EPIPE|socket hang up)$/.test(r)), `retries only after a closed connection (${[...new Set(load.retryReasons)].join(', ') || 'none'})`);
  // Each retry costs the client one connection a reload closed, and a reload closes at most the
  // client's open connections: more retries than that would mean something else is closing them.
  t.ok(load.retried <= concurrency * changes, `retries (${load.retried}) bounded by the connections reloads can close (${concurrency} × ${changes})`);
  t.ok(seen.added && seen.removed, 'the changing route was served, then gone');
});
