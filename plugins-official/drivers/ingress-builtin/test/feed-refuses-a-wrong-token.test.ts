// The ingress feed is only for holders of NULLOPS_INGRESS_TOKEN: a wrong or missing token is refused
// before the upgrade, and a proxy with the wrong token never gets a table.
import t from 'tap';
import WebSocket from 'ws';
import { startIngressProxy } from '../src/proxy/index.js';
import { get, route, startFeedServer, table, TOKEN } from './support/control-plane.js';

function dial(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', () => {});
  });
}

t.test('wrong and missing tokens are refused; the right one is let in', async (t) => {
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const wrong = await dial(cp.feedUrl, { authorization: 'Bearer not-the-token-at-all-0000' });
  t.equal(wrong.status, 401, 'wrong token → 401');
  t.match(JSON.parse(wrong.body), { error: { code: 'UNAUTHENTICATED' } });
  t.equal((await dial(cp.feedUrl, {})).status, 401, 'no token → 401');
  t.equal((await dial(cp.feedUrl, { authorization: `Bearer ${TOKEN}` })).status, 101, 'the ingress token upgrades');
});

t.test('a proxy with the wrong token serves nothing and says why', async (t) => {
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  await cp.ingress.apply(table(1, [route('web.pr-1.qa.example.com', { address: '127.0.0.1', port: 9 })]));
  const events: string[] = [];
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: 'wrong-token-0123456789', port: 0, host: '127.0.0.1', accessLog: false, log: (m) => events.push(m), feedRetry: { minDelayMs: 50, maxDelayMs: 100 } });
  t.teardown(() => proxy.stop());
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.equal(proxy.status().feedConnected, false);
  t.equal(proxy.status().version, null, 'no table was received');
  t.match(proxy.status().lastError, /refused the ingress token \(401\)/);
  t.ok(events.some((e) => /NULLOPS_INGRESS_TOKEN/.test(e)), 'the log names the setting to check');
  t.equal((await get(proxy.port, 'web.pr-1.qa.example.com')).status, 404);
  t.equal(cp.ingress.connections().length, 0, 'the control plane lists no connected proxy');
});

t.test('the driver will not start without an ingress token', async (t) => {
  const { default: Fastify } = await import('fastify');
  const { default: ingressBuiltin } = await import('../src/index.js');
  const app = Fastify();
  await t.rejects(
    (async () => {
      await app.register(ingressBuiltin, { nullops: {} });
      await app.ready();
    })(),
    /needs NULLOPS_INGRESS_TOKEN/,
  );
});
