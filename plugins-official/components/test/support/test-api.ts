// The HTTP service the fixtures of http-wait, tcp-wait, http-request and shell talk to: a real server in
// a real container on the fixture network (alias `api`). Only node: imports, so the compiled file runs on
// its own: `node test-api.mjs` listens on PORT (default 8080).
import { createServer, type Server } from 'node:http';

export function testApiServer(): Server {
  // /ready-after answers 503 until `seconds` after the first request for the same URL.
  const firstSeen = new Map<string, number>();
  return createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', 'http://api');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/healthz') return send(200, { status: 'ok' });
    if (url.pathname === '/unavailable') return send(503, { status: 'starting' });
    if (url.pathname === '/ready-after') {
      if (!firstSeen.has(url.search)) firstSeen.set(url.search, Date.now());
      const ready = Date.now() - firstSeen.get(url.search)! >= Number(url.searchParams.get('seconds') ?? 0) * 1000;
      return send(ready ? 200 : 503, { status: ready ? 'ok' : 'starting' });
    }
    if (url.pathname === '/api/users' && request.method === 'POST') {
      if (request.headers['content-type'] !== 'application/json') return send(415, { error: 'JSON only' });
      return send(201, { id: 42, user: JSON.parse(Buffer.concat(chunks).toString('utf8')), authorization: request.headers.authorization ?? null });
    }
    return send(404, { error: `no route ${request.method} ${url.pathname}` });
  });
}

if (process.argv[1]?.endsWith('test-api.mjs')) {
  testApiServer().listen(Number(process.env.PORT ?? 8080), () => console.log(`test api listening on ${process.env.PORT ?? 8080}`));
}
