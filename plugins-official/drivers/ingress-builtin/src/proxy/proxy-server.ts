// The builtin reverse proxy's HTTP(S) server: routes each request by Host to its deployment's upstream
// through keep-alive connection pools (undici), streams bodies both ways, passes upgrades (WebSocket)
// as raw TCP, and answers 404/503/502 with the pages from pages.ts. `apply` swaps the whole route map
// at once, so requests for hosts that did not change never notice.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Pool, type Dispatcher } from 'undici';
import { renderPage, pageKindFor, type Page, type RouteTable } from '@nullops/core/contracts';
import { buildRouteMap, EMPTY_ROUTE_MAP, normalizeHost, originsOf, pickUpstream, type RouteEntry, type RouteMap, type Upstream } from './route-map.js';

export interface AccessLogEntry {
  at: Date;
  client: string;
  method: string;
  host: string;
  path: string;
  status: number;
  durationMs: number;
}

export type AccessLog = (entry: AccessLogEntry) => void;

export interface ProxyServerOptions {
  /** HTTPS instead of HTTP: key/cert of the default certificate and an SNICallback (certificates.ts). */
  tls?: Pick<HttpsServerOptions, 'SNICallback' | 'key' | 'cert'>;
  accessLog?: AccessLog | false;
  /** Most connections kept open to one upstream (default 256). */
  connectionsPerUpstream?: number;
  /** How long to wait for an upstream's response headers (default 60 s). */
  upstreamHeadersTimeoutMs?: number;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) plus those the proxy sets itself; undici refuses some of them.
const REQUEST_HEADERS_DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-for']);
const RESPONSE_HEADERS_DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'trailer', 'upgrade']);
const UPGRADE_HEADERS_DROPPED = new Set(['x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-for']);

export class IngressProxyServer {
  readonly server: Server;
  private map: RouteMap = EMPTY_ROUTE_MAP;
  private readonly pools = new Map<string, Pool>();
  private readonly sockets = new Set<Duplex>();
  private readonly proto: 'http' | 'https';
  private readonly accessLog: AccessLog | false;

  constructor(private readonly options: ProxyServerOptions = {}) {
    this.proto = options.tls ? 'https' : 'http';
    this.accessLog = options.accessLog ?? false;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = options.tls
      ? createHttpsServer({ ...options.tls, keepAliveTimeout: 65_000 }, handler)
      : createHttpServer({ keepAliveTimeout: 65_000 }, handler);
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Whether the current table has a route for this host (the TLS issuer only signs for known hosts). */
  knows(host: string): boolean {
    return this.map.entries.has(normalizeHost(host));
  }

  get version(): number | null {
    return this.map.version < 0 ? null : this.map.version;
  }

  /** Swaps in a new table; pools of upstreams no longer routed to close once their requests finish. */
  apply(table: RouteTable): void {
    const next = buildRouteMap(table);
    this.map = next;
    const live = originsOf(next);
    for (const [origin, pool] of this.pools) {
      if (live.has(origin)) continue;
      this.pools.delete(origin);
      pool.close().catch(() => {});
    }
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await Promise.all([...this.pools.values()].map((pool) => pool.destroy().catch(() => {})));
    this.pools.clear();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const host = normalizeHost(req.headers.host);
    if (this.accessLog) {
      const log = this.accessLog;
      const client = req.socket.remoteAddress ?? '';
      res.once('close', () => log({ at: new Date(), client, method: req.method ?? '', host, path: req.url ?? '', status: res.statusCode, durationMs: performance.now() - started }));
    }
    const entry = this.map.entries.get(host);
    if (!entry) return sendPage(res, renderPage('unknown-host', host));
    const kind = pageKindFor(entry.route);
    if (kind) return sendPage(res, renderPage(kind, host, entry.route));
    const upstream = pickUpstream(entry)!;
    this.forward(req, res, host, entry, upstream);
  }

  private forward(req: IncomingMessage, res: ServerResponse, host: string, entry: RouteEntry, upstream: Upstream): void {
    const headers = requestHeaders(req, this.proto);
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    const pool = this.poolFor(upstream);
    pool.dispatch(
      { path: req.url ?? '/', method: req.method as Dispatcher.HttpMethod, headers, body: hasBody ? req : null },
      new ResponseRelay(req, res, () => sendPage(res, renderPage('bad-gateway', host, entry.route))),
    );
  }

  private poolFor(upstream: Upstream): Pool {
    let pool = this.pools.get(upstream.origin);
    if (!pool) {
      pool = new Pool(`http://${upstream.origin}`, {
        connections: this.options.connectionsPerUpstream ?? 256,
        pipelining: 1,
        keepAliveTimeout: 4_000,
        headersTimeout: this.options.upstreamHeadersTimeoutMs ?? 60_000,
        // Streams (server-sent events, long downloads) may be quiet for long; the client decides when to stop.
        bodyTimeout: 0,
        connect: { timeout: 5_000 },
      });
      this.pools.set(upstream.origin, pool);
    }
    return pool;
  }

  /** Upgrades (WebSocket and others) are passed as raw TCP once the upstream is connected. */
  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const started = performance.now();
    const host = normalizeHost(req.headers.host);
    const client = req.socket.remoteAddress ?? '';
    const log = (status: number) => {
      if (this.accessLog) this.accessLog({ at: new Date(), client, method: req.method ?? '', host, path: req.url ?? '', status, durationMs: performance.now() - started });
    };
    socket.on('error', () => socket.destroy());
    const entry = this.map.entries.get(host);
    const kind = entry ? pageKindFor(entry.route) : 'unknown-host';
    if (kind || !entry) {
      const page = renderPage(kind ?? 'unknown-host', host, entry?.route);
      log(page.status);
      return writeRawPage(socket, page);
    }
    const upstream = pickUpstream(entry)!;
    const upstreamSocket = connect({ host: upstream.address, port: upstream.port });
    let connected = false;
    upstreamSocket.once('connect', () => {
      connected = true;
      upstreamSocket.write(upgradeRequestHead(req, this.proto));
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
      log(101);
    });
    upstreamSocket.on('error', () => {
      if (!connected) {
        const page = renderPage('bad-gateway', host, entry.route);
        log(page.status);
        writeRawPage(socket, page);
      } else socket.destroy();
    });
    upstreamSocket.on('close', () => socket.destroy());
    socket.on('close', () => upstreamSocket.destroy());
  }
}

/**
 * Relays one upstream response to the client with backpressure; a failure before headers is a 502.
 * Uses undici's raw handler callbacks (raw header buffers, no header object per response): measured
 * faster than the controller-based ones on this path.
 */
class ResponseRelay implements Dispatcher.DispatchHandler {
  private abort: ((error: Error) => void) | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly badGateway: () => void,
  ) {
    res.once('close', () => {
      if (!res.writableFinished) this.abort?.(new Error('client went away'));
    });
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true;
    const headers: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toString('latin1');
      if (RESPONSE_HEADERS_DROPPED.has(name.toLowerCase())) continue;
      headers.push(name, rawHeaders[i + 1].toString('latin1'));
    }
    this.res.writeHead(statusCode, statusText, headers);
    this.res.on('drain', resume);
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.res.write(chunk);
  }

  onComplete(): void {
    this.res.end();
  }

  onError(_error: Error): void {
    if (!this.res.headersSent) {
      this.req.resume();
      this.badGateway();
    } else this.res.destroy();
  }
}

function requestHeaders(req: IncomingMessage, proto: string): string[] {
  const raw = req.rawHeaders;
  const out: string[] = [];
  let connectionTokens: string[] | undefined;
  const connection = req.headers.connection;
  if (connection && connection !== 'keep-alive' && connection !== 'close') connectionTokens = connection.toLowerCase().split(',').map((t) => t.trim());
  let forwardedFor = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[i + 1]}` : raw[i + 1];
      continue;
    }
    if (REQUEST_HEADERS_DROPPED.has(name) || connectionTokens?.includes(name)) continue;
    out.push(raw[i], raw[i + 1]);
  }
  const client = req.socket.remoteAddress ?? '';
  out.push('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${client}` : client);
  out.push('x-forwarded-proto', proto);
  out.push('x-forwarded-host', req.headers.host ?? '');
  return out;
}

function upgradeRequestHead(req: IncomingMessage, proto: string): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  const raw = req.rawHeaders;
  let forwardedFor = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'x-forwarded-for') forwardedFor = forwardedFor ? `${forwardedFor}, ${raw[i + 1]}` : raw[i + 1];
    if (UPGRADE_HEADERS_DROPPED.has(name)) continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  const client = req.socket.remoteAddress ?? '';
  lines.push(`X-Forwarded-For: ${forwardedFor ? `${forwardedFor}, ${client}` : client}`, `X-Forwarded-Proto: ${proto}`, `X-Forwarded-Host: ${req.headers.host ?? ''}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function sendPage(res: ServerResponse, page: Page): void {
  res.writeHead(page.status, page.headers);
  res.end(res.req.method === 'HEAD' ? undefined : page.body);
}

function writeRawPage(socket: Duplex, page: Page): void {
  const head = [`HTTP/1.1 ${page.status} ${page.status === 404 ? 'Not Found' : page.status === 502 ? 'Bad Gateway' : 'Service Unavailable'}`, ...Object.entries(page.headers).map(([k, v]) => `${k}: ${v}`), 'connection: close'];
  socket.end(`${head.join('\r\n')}\r\n\r\n${page.body}`);
}

/** One access-log line: time, client, request, status and duration. */
export function formatAccessLog(entry: AccessLogEntry): string {
  return `${entry.at.toISOString()} ${entry.client} "${entry.method} ${entry.host}${entry.path}" ${entry.status} ${entry.durationMs.toFixed(1)}ms`;
}
