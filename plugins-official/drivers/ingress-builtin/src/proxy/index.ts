// @nullops/driver-ingress-builtin/proxy — the builtin ingress process: a reverse proxy that dials the
// control plane's feed for its route table. `nullops ingress` and `nullops up` start it through
// `startIngressProxy`.
import type { RouteTable } from '@nullops/core/contracts';
import { CertificateIssuer, type IngressTlsOptions } from './certificates.js';
import { FeedClient } from './feed-client.js';
import { formatAccessLog, IngressProxyServer, type AccessLog } from './proxy-server.js';

export { ensureLocalCa, CertificateIssuer, type IngressTlsOptions, type PemSource } from './certificates.js';
export { IngressProxyServer, formatAccessLog, type AccessLogEntry, type AccessLog, type ProxyServerOptions } from './proxy-server.js';
export { FeedClient, type FeedClientOptions } from './feed-client.js';
export { renderPage, pageKindFor, DEPLOYING_RETRY_AFTER_SECONDS, type PageKind, type Page } from './pages.js';
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
}

export interface IngressProxy {
  port: number;
  status(): { feedConnected: boolean; version: number | null; lastError?: string };
  stop(): Promise<void>;
}

export async function startIngressProxy(options: IngressProxyOptions): Promise<IngressProxy> {
  const log = options.log ?? ((message: string) => process.stderr.write(`[nullops ingress] ${message}\n`));
  const accessLog = accessLogSink(options.accessLog ?? true);
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
              log(`no certificate for ${servername}: ${error.message}`);
              callback(error);
            },
          );
        },
      },
    });
  } else server = new IngressProxyServer({ accessLog: accessLog?.write ?? false });

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
      accessLog?.flush();
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
