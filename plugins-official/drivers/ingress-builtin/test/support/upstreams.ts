// Real upstreams for ingress tests: busybox httpd containers (from the local test image) published on
// 127.0.0.1 with a random port, and a plain Node WebSocket echo server.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { WebSocketServer } from 'ws';
import { eventually } from '@nullops/core/testing';

const run = promisify(execFile);
export const BUSYBOX_IMAGE = 'nullops-local/busybox:latest';

export interface Upstream {
  address: string;
  port: number;
  stop(): Promise<void>;
}

// index.html says `text`; /cgi-bin/echo answers with the X-Forwarded-* headers and the request body.
const ECHO_CGI = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
echo "xff=$HTTP_X_FORWARDED_FOR"
echo "proto=$HTTP_X_FORWARDED_PROTO"
echo "xhost=$HTTP_X_FORWARDED_HOST"
echo "host=$HTTP_HOST"
echo "method=$REQUEST_METHOD"
echo "body=$(head -c "\${CONTENT_LENGTH:-0}")"
`;

/** A busybox httpd container serving `text` at / — the kind of upstream a deployment publishes. */
export async function startBusyboxUpstream(text: string): Promise<Upstream> {
  const script = [
    'mkdir -p /www/cgi-bin',
    `printf '%s\\n' '${text.replace(/'/g, '')}' > /www/index.html`,
    `cat > /www/cgi-bin/echo <<'CGI'\n${ECHO_CGI}CGI`,
    'chmod +x /www/cgi-bin/echo',
    'exec httpd -f -p 80 -h /www',
  ].join('\n');
  const { stdout } = await run('docker', ['run', '-d', '--rm', '--init', '--label', 'dev.nullops.test=ingress', '-p', '127.0.0.1::80', BUSYBOX_IMAGE, 'sh', '-c', script]);
  const id = stdout.trim();
  const { stdout: published } = await run('docker', ['port', id, '80/tcp']);
  const port = Number(published.trim().split('\n')[0].split(':').pop());
  await waitForHttp(port);
  return { address: '127.0.0.1', port, stop: async () => void (await run('docker', ['rm', '-f', id]).catch(() => {})) };
}

/** A Node server whose WebSocket endpoint echoes every message, prefixed with the forwarded headers. */
export async function startWebSocketEchoUpstream(): Promise<Upstream> {
  const server: Server = createServer((_req, res) => res.end('plain http\n'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, request) => {
    socket.send(`hello ${request.headers['x-forwarded-for']} ${request.headers['x-forwarded-host']}`);
    socket.on('message', (data) => socket.send(`echo:${String(data)}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: '127.0.0.1',
    port,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port where nothing listens (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForHttp(port: number): Promise<void> {
  await eventually(`the upstream on port ${port} to answer`, async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.arrayBuffer();
    return response.ok;
  }, { timeoutMs: 10_000, everyMs: 50 });
}
