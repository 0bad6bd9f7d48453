// @nullops/driver-ingress-builtin/proxy — the builtin ingress process: a reverse proxy that dials the
// control plane's feed for its route table. `nullops ingress` and `nullops up` start it through
// `startIngressProxy`.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { RouteTable } from '@nullops/core/contracts';
import { CertificateIssuer, ensureLocalCa, type IngressTlsOptions } from './certificates.js';
import { FeedClient } from './feed-client.js';
import { formatAccessLog, IngressProxyServer, type AccessLog } from './proxy-server.js';

export { ensureLocalCa, CertificateIssuer, type IngressTlsOptions, type PemSource } from './certificates.js';
export { IngressProxyServer, formatAccessLog, type AccessLogEntry, type AccessLog, type ProxyServerOptions } from './proxy-server.js';
export { FeedClient, type FeedClientOptions } from './feed-client.js';
export { renderPage, pageKindFor, DEPLOYING_RETRY_AFTER_SECONDS, type PageKind, type Page } from '@nullops/core/contracts';
export { normalizeHost } from './route-map.js';

export interface IngressProxyOptions {
  /** `ws(s)://<control plane>/api/v1/ingress/feed` */
  feedUrl: string;
  /** NULLOPS_INGRESS_TOKEN */
  token: string;
  port: number;
  /** Default 0.0.0.0. */
  host?: string;
  /** Serve HTTPS on `port`, with certificates issued per deployment (certificates.ts). */
  tls?: IngressTlsOptions;
  /** true (default): one line per request on stdout; false: none; a function: your sink. */
  accessLog?: boolean | ((line: string) => void);
  /** Feed and TLS events (connects, losses, refusals); default: stderr with a prefix. */
  log?: (message: string) => void;
  /** Feed redial delays; tests shorten them. */
  feedRetry?: { minDelayMs?: number; maxDelayMs?: number };
  /**
   * Processes serving requests (default 1: this process). With more, this process only holds the feed
   * and hands each table to worker processes (node:cluster) sharing the port; the access log must then
   * be true or false.
   */
  workers?: number;
}

/** What a worker process needs to serve; passed as JSON in NULLOPS_INGRESS_WORKER. */
export interface WorkerSettings {
  port: number;
  host: string;
  tls?: IngressTlsOptions;
  accessLog: boolean;
}

/** Messages from the feed-holding process to its workers. */
export type WorkerMessage = { type: 'table'; table: RouteTable } | { type: 'stop' };

/** The proxy server with its TLS and access log set up; shared by the single-process and worker modes. */
export async function createProxyServer(options: {
  tls?: IngressTlsOptions;
  accessLog: boolean | ((line: string) => void);
  log: (message: string) => void;
}): Promise<{ server: IngressProxyServer; flush(): void }> {
  const accessLog = accessLogSink(options.accessLog);
  let server: IngressProxyServer;
  if (options.tls) {
    const issuer = await CertificateIssuer.create(options.tls);
    server = new IngressProxyServer({
      accessLog: accessLog?.write ?? false,
      tls: {
        ...issuer.defaultCertificate,
        SNICallback: (servername, callback) => {
          issuer.contextFor(servername, (host) => server.knows(host)).then(
            (context) => callback(null, context),
            (error: Error) => {
              options.log(`no certificate for ${servername}: ${error.message}`);
              callback(error);
            },
          );
        },
      },
    });
  } else server = new IngressProxyServer({ accessLog: accessLog?.write ?? false });
  return { server, flush: () => accessLog?.flush() };
}

export interface IngressProxy {
  port: number;
  status(): { feedConnected: boolean; version: number | null; lastError?: string };
  stop(): Promise<void>;
}

export async function startIngressProxy(options: IngressProxyOptions): Promise<IngressProxy> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[nullops ingress] ${message}\n`));
  const workers = options.workers ?? 1;
  if (workers > 1) return startWorkers(options, workers, log);
  const { server, flush } = await createProxyServer({ tls: options.tls, accessLog: options.accessLog ?? true, log });
  const port = await server.listen(options.port, options.host ?? '0.0.0.0');
  const feed = new FeedClient({
    url: options.feedUrl,
    token: options.token,
    onTable: (table: RouteTable) => {
      server.apply(table);
      log(`route table ${table.version} applied (${table.routes.length} route(s))`);
    },
    onEvent: log,
    ...options.feedRetry,
  });
  feed.start();
  return {
    port,
    status: () => ({ feedConnected: feed.connected, version: server.version, ...(feed.lastError ? { lastError: feed.lastError } : {}) }),
    async stop() {
      feed.stop();
      await server.close();
      flush();
    },
  };
}

/** Multi-process mode: this process holds the feed; workers serve and get every table over IPC. */
async function startWorkers(options: IngressProxyOptions, count: number, log: (message: string) => void): Promise<IngressProxy> {
  if (typeof options.accessLog === 'function') throw new Error('With several workers the access log goes to stdout (true) or nowhere (false).');
  // Made once here, so workers do not race to create it.
  if (options.tls?.localCaDir && !options.tls.ca) await ensureLocalCa(options.tls.localCaDir);
  const settings: WorkerSettings = { port: options.port, host: options.host ?? '0.0.0.0', tls: options.tls, accessLog: options.accessLog ?? true };
  // No execArgv: this process may run from `node -e …` or with flags workers should not inherit.
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.js', import.meta.url)), args: [], execArgv: [], serialization: 'json' });
  let current: RouteTable | undefined;
  let stopping = false;
  const running = new Set<Worker>();

  const fork = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ NULLOPS_INGRESS_WORKER: JSON.stringify(settings) });
      running.add(worker);
      worker.on('error', (error) => log(`worker ${worker.process.pid}: ${error.message}`));
      worker.once('listening', (address) => {
        if (current) worker.send({ type: 'table', table: current } satisfies WorkerMessage);
        resolve(address.port);
      });
      worker.once('exit', (code, signal) => {
        running.delete(worker);
        if (stopping) return;
        log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
        reject(new Error(`ingress worker exited (${signal ?? code}) before listening`));
        void fork().catch(() => {});
      });
    });

  const ports = await Promise.all(Array.from({ length: count }, fork));
  const feed = new FeedClient({
    url: options.feedUrl,
    token: options.token,
    onTable: (table: RouteTable) => {
      current = table;
      for (const worker of running) worker.send({ type: 'table', table } satisfies WorkerMessage);
      log(`route table ${table.version} handed to ${running.size} worker(s) (${table.routes.length} route(s))`);
    },
    onEvent: log,
    ...options.feedRetry,
  });
  feed.start();
  return {
    port: ports[0],
    status: () => ({ feedConnected: feed.connected, version: current?.version ?? null, ...(feed.lastError ? { lastError: feed.lastError } : {}) }),
    async stop() {
      stopping = true;
      feed.stop();
      await Promise.all(
        [...running].map(
          (worker) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => worker.kill('SIGKILL'), 5_000);
              worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              worker.send({ type: 'stop' } satisfies WorkerMessage);
            }),
        ),
      );
    },
  };
}

/** Access-log lines are batched so a busy proxy does not pay one write per request. */
function accessLogSink(setting: boolean | ((line: string) => void)): { write: AccessLog; flush(): void } | undefined {
  if (setting === false) return undefined;
  if (typeof setting === 'function') return { write: (entry) => setting(formatAccessLog(entry)), flush() {} };
  let buffered = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffered) process.stdout.write(buffered);
    buffered = '';
  };
  return {
    write(entry) {
      buffered += `${formatAccessLog(entry)}\n`;
      if (buffered.length > 64 * 1024) flush();
      else timer ??= setTimeout(flush, 200);
    },
    flush,
  };
}
