// The control-plane side of the ingress feed: holds the latest route table and hands it to every
// connected ingress process — on connect and on every change — and remembers what each one applied.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { checkContract, parseIngressFeedFrame, RouteTable, type IngressFeedFrame } from '@nullops/core/contracts';

export interface FeedConnection {
  remoteAddress: string;
  connectedAt: Date;
  appliedVersion: number | null;
  lastError?: string;
}

const PING_INTERVAL_MS = 20_000;

export class IngressFeedHub {
  private current: RouteTable | undefined;
  private readonly connections = new Map<WebSocket, FeedConnection>();
  private readonly pinger: NodeJS.Timeout;

  constructor() {
    this.pinger = setInterval(() => {
      for (const socket of this.connections.keys()) socket.ping();
    }, PING_INTERVAL_MS);
    this.pinger.unref();
  }

  get table(): RouteTable | undefined {
    return this.current;
  }

  /** Takes a new full table and sends it to every connected ingress process. */
  apply(table: RouteTable): void {
    const checked = checkContract(RouteTable, table);
    if (!checked.ok) throw new Error(`Invalid route table: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    if (this.current && table.version < this.current.version) {
      throw new Error(`Route table version ${table.version} is older than the one already applied (${this.current.version}).`);
    }
    this.current = table;
    const frame = JSON.stringify({ type: 'routes', table } satisfies IngressFeedFrame);
    for (const socket of this.connections.keys()) socket.send(frame);
  }

  /** A newly connected ingress process: gets the current table at once (none before the first apply). */
  attach(socket: WebSocket, remoteAddress: string): void {
    const connection: FeedConnection = { remoteAddress, connectedAt: new Date(), appliedVersion: null };
    this.connections.set(socket, connection);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => {
      const frame = parseIngressFeedFrame(String(data));
      if (frame?.type !== 'applied') return;
      connection.appliedVersion = frame.version;
      connection.lastError = frame.error;
    });
    if (this.current) socket.send(JSON.stringify({ type: 'routes', table: this.current } satisfies IngressFeedFrame));
  }

  list(): FeedConnection[] {
    return [...this.connections.values()].map((c) => ({ ...c }));
  }

  close(): void {
    clearInterval(this.pinger);
    for (const socket of this.connections.keys()) socket.close(1001, 'control plane stopping');
    this.connections.clear();
  }
}

/** Compares a presented bearer token with the configured one in constant time. */
export function tokenMatches(header: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!presented) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
