// The ingress process's side of the feed: dials the control plane with the ingress token, applies
// every table it receives, answers `applied`, and redials with backoff when the connection drops —
// the proxy keeps serving the last table meanwhile.
import WebSocket from 'ws';
import { parseIngressFeedFrame, type IngressFeedFrame, type RouteTable } from '@nullops/core/contracts';

export interface FeedClientOptions {
  url: string;
  token: string;
  /** Applies a table; a thrown error is reported back to the control plane. */
  onTable(table: RouteTable): void;
  onEvent?(message: string): void;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** No frame or ping for this long means the connection is dead (default 60 s; the hub pings every 20 s). */
  silenceTimeoutMs?: number;
}

export class FeedClient {
  private socket: WebSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;
  connected = false;
  lastError: string | undefined;

  constructor(private readonly options: FeedClientOptions) {}

  start(): void {
    this.stopped = false;
    this.dial();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.socket?.terminate();
    this.socket = undefined;
    this.connected = false;
  }

  private dial(): void {
    const say = this.options.onEvent ?? (() => {});
    const socket = new WebSocket(this.options.url, { headers: { authorization: `Bearer ${this.options.token}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    socket.on('open', () => {
      this.attempt = 0;
      this.connected = true;
      this.lastError = undefined;
      say(`feed connected to ${this.options.url}`);
      this.heard();
    });
    socket.on('ping', () => this.heard());
    socket.on('message', (data) => {
      this.heard();
      const frame = parseIngressFeedFrame(String(data));
      if (frame?.type !== 'routes') return;
      const table = frame.table;
      let error: string | undefined;
      try {
        this.options.onTable(table);
      } catch (e) {
        error = (e as Error).message;
        say(`route table ${table.version} not applied: ${error}`);
      }
      socket.send(JSON.stringify({ type: 'applied', version: table.version, ...(error ? { error } : {}) } satisfies IngressFeedFrame));
    });
    socket.on('unexpected-response', (_request, response) => {
      this.lastError =
        response.statusCode === 401 ? 'the control plane refused the ingress token (401): check NULLOPS_INGRESS_TOKEN' : `the control plane answered ${response.statusCode} instead of upgrading`;
      say(`feed refused: ${this.lastError}`);
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error) => {
      this.lastError ??= error.message;
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      const was = this.connected;
      this.connected = false;
      clearTimeout(this.silenceTimer);
      if (this.stopped) return;
      const delay = this.nextDelay();
      say(`${was ? 'feed lost' : 'feed unreachable'}${this.lastError ? ` (${this.lastError})` : ''}; serving the last table, retrying in ${(delay / 1000).toFixed(1)} s`);
      this.retryTimer = setTimeout(() => this.dial(), delay);
    });
  }

  private heard(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      this.lastError = 'no frame or ping from the control plane';
      this.socket?.terminate();
    }, this.options.silenceTimeoutMs ?? 60_000);
  }

  private nextDelay(): number {
    const min = this.options.minDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    this.attempt++;
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }
}
