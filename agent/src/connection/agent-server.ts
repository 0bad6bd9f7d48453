// The agent's only listening socket: an https server whose one WebSocket endpoint (AGENT_WS_PATH)
// accepts an upgrade only with the right bearer token — a wrong or missing one gets 401 before any
// WebSocket exists. Everything else is 404.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_WS_PATH } from '@nullops/core/contracts';

export interface AgentServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  authorize: (token: string | undefined) => boolean;
  onConnection: (socket: WebSocket) => void;
}

export interface AgentServer {
  port: number;
  close(): Promise<void>;
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1]?.trim();
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function listenAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const server: Server = createServer({ key: options.key, cert: options.cert }, (_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`nullops agent: connect with a WebSocket to ${AGENT_WS_PATH}\n`);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const path = (req.url ?? '').split('?')[0];
    if (path !== AGENT_WS_PATH) return refuse(socket, 404, 'Not Found');
    if (!options.authorize(bearerToken(req.headers.authorization))) return refuse(socket, 401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => options.onConnection(ws));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
