// A registry is someone else's server. What a hostile one tried against the catalog's registry client
// (issue 16): sending it to another host with a redirect, answering with a page far too large to keep,
// taking forever, and putting markup, escape sequences and novels in its error text — each is refused
// with a short RegistryError instead. The registries are real HTTP servers on loopback.
import t from 'tap';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient, RegistryError } from '../src/modules/catalog/registry-client.js';

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError, got an answer');
}

t.test('a hostile registry', async (t) => {
  const elsewhere = await serve((_request, response) => response.end(JSON.stringify({ name: 'x', tags: ['stolen'] })));
  let slowResponse: ServerResponse | undefined;
  const registry = await serve((request, response) => {
    if (request.url?.startsWith('/v2/away/')) {
      response.writeHead(307, { location: `http://localhost:${elsewhere.port}${request.url}` }).end();
    } else if (request.url?.startsWith('/v2/moved/')) {
      response.writeHead(301, { location: '/v2/home/tags/list' }).end();
    } else if (request.url?.startsWith('/v2/home/')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'home', tags: ['v1'] }));
    } else if (request.url?.startsWith('/v2/huge/')) {
      // 40 MB of tags, streamed without a length, as the attack did.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"name":"huge","tags":[');
      const chunk = Array.from({ length: 10_000 }, (_, i) => `"tag-${i}-${'x'.repeat(80)}"`).join(',');
      let sent = 0;
      const more = () => {
        while (sent < 40 * 1024 * 1024) {
          sent += chunk.length;
          if (!response.write(`${chunk},`)) return void response.once('drain', more);
        }
        response.end('"last"]}');
      };
      response.on('error', () => {});
      more();
    } else if (request.url?.startsWith('/v2/slow/')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"name":"slow","tags":[');
      slowResponse = response;
    } else if (request.url?.startsWith('/v2/noisy/')) {
      const message = `<script>alert(1)</script>\u001b[31mdenied\u001b[0m\n\n${'and more '.repeat(2_000)}`;
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNKNOWN<b>', message }] }));
    } else response.writeHead(404).end();
  });
  t.teardown(() => {
    slowResponse?.destroy();
    registry.server.close();
    elsewhere.server.close();
  });
  const access = { url: `http://127.0.0.1:${registry.port}` };
  const client = new RegistryClient({ timeoutMs: 20_000 });

  t.test('a redirect to another host is not followed', async (t) => {
    const error = await failure(client.listTags(access, 'away'));
    t.equal(error.code, 'REGISTRY_UNREACHABLE');
    t.match(error.message, /redirected to another host \(http:\/\/localhost:\d+\)/);
    t.same(elsewhere.hits, [], 'the other host was never asked');
  });

  t.test('a redirect on the registry’s own host is still followed', async (t) => {
    t.same(await client.listTags(access, 'moved'), ['v1']);
  });

  t.test('a 40 MB tag page is cut off at the size cap', async (t) => {
    const before = process.memoryUsage().rss;
    const error = await failure(client.listTags(access, 'huge'));
    t.equal(error.code, 'REGISTRY_UNREACHABLE');
    t.match(error.message, /more than 4096 KiB/);
    t.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'the page was not kept in memory');
  });

  t.test('a registry that never finishes its answer is given up on', async (t) => {
    const error = await failure(new RegistryClient({ timeoutMs: 1_500 }).listTags(access, 'slow'));
    t.equal(error.code, 'REGISTRY_UNREACHABLE');
    t.match(error.message, /took too long|did not answer in time/);
  });

  t.test('the registry’s own error text reaches users as one short plain line', async (t) => {
    const error = await failure(client.listTags(access, 'noisy'));
    t.equal(error.code, 'REGISTRY_UNREACHABLE');
    t.notMatch(error.message, /<script>|<b>|\u001b|\n/, 'no markup, escape sequences or line breaks');
    t.match(error.message, /HTTP 500: alert\(1\)denied and more/);
    t.ok(error.message.length < 400, `cut short (${error.message.length} characters)`);
  });
});
