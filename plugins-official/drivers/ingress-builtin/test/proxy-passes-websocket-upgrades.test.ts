// WebSocket upgrades pass through the builtin proxy to the deployment's service, both ways, with the
// forwarded headers; an upgrade to an unknown host gets the 404 page instead.
import t from 'tap';
import WebSocket from 'ws';
import { startIngressProxy } from '../src/proxy/index.js';
import { eventually, get, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { startWebSocketEchoUpstream } from './support/upstreams.js';

t.test('a WebSocket echo through the proxy', async (t) => {
  const echo = await startWebSocketEchoUpstream();
  t.teardown(() => echo.stop());
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', accessLog: false, log: () => {} });
  t.teardown(() => proxy.stop());
  await cp.ingress.apply(table(1, [route('ws.pr-1.qa.example.com', echo)]));
  await eventually('route applied', () => get(proxy.port, 'ws.pr-1.qa.example.com'), (r) => r.status === 200);

  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/chat`, { headers: { host: 'ws.pr-1.qa.example.com:7780' } });
  const messages: string[] = [];
  const got = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (messages.length >= n ? resolve() : setTimeout(check, 10));
      check();
    });
  socket.on('message', (data) => messages.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  await got(1);
  t.equal(messages[0], 'hello 127.0.0.1 ws.pr-1.qa.example.com:7780', 'the service sees X-Forwarded-For and -Host on the upgrade');
  socket.send('one');
  socket.send('x'.repeat(200_000));
  await got(3);
  t.equal(messages[1], 'echo:one');
  t.equal(messages[2], `echo:${'x'.repeat(200_000)}`, 'a large frame comes back whole');
  socket.close();

  const refused = new WebSocket(`ws://127.0.0.1:${proxy.port}/chat`, { headers: { host: 'nope.pr-1.qa.example.com' } });
  const status = await new Promise<number>((resolve) => {
    refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    refused.once('open', () => resolve(101));
    refused.once('error', () => {});
  });
  t.equal(status, 404, 'an upgrade for an unknown host is answered 404');
});
