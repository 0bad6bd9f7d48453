// `nullops ingress`: runs the builtin ingress proxy as its own process — it dials the control plane's
// ingress feed for the route table and keeps serving the last one while the control plane is away.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '@nullops/core';
import type { Command } from '@nullops/core/cli';
import { startIngressProxy } from '@nullops/driver-ingress-builtin/proxy';
import { ingressTokenOf, localFeedUrl, localTlsOf } from '../parts/ingress.js';

export const ingressCommand: Command = {
  name: 'ingress',
  summary: 'run the builtin ingress proxy (routes <service>.<deployment>.<environment>.<domain> to deployments)',
  help: `Usage: nullops ingress [--feed URL] [--port N] [--host ADDR] [--workers N] [--tls-local-ca DIR | --tls-ca-cert FILE --tls-ca-key FILE] [--no-access-log]

Runs the builtin reverse proxy. It dials the control plane's ingress feed (a WebSocket authenticated
with NULLOPS_INGRESS_TOKEN), routes each request by its Host header to the deployment's service, and
keeps serving the last route table while the control plane is unreachable, redialling with backoff.
\`nullops up\` starts one itself; run this on the machine your wildcard DNS points at.

Options:
  --feed URL            the feed (NULLOPS_INGRESS_FEED_URL; default ws://127.0.0.1:<NULLOPS_PORT>/api/v1/ingress/feed)
  --port N              port to serve on (NULLOPS_INGRESS_PORT, default 7780)
  --host ADDR           address to bind (default 0.0.0.0)
  --workers N           processes serving requests (default: one per core; 1 serves in this process)
  --tls-local-ca DIR    serve HTTPS; certificates per deployment signed by a local CA kept in DIR (made on first use)
  --tls-ca-cert FILE    serve HTTPS; certificates per deployment signed by this CA certificate…
  --tls-ca-key FILE     …and its key (PEM, EC or RSA)
  --no-access-log       no per-request lines on stdout

Environment: NULLOPS_INGRESS_TOKEN (required; \`nullops up\` keeps a generated one in <data dir>/ingress.token),
NULLOPS_INGRESS_FEED_URL, NULLOPS_INGRESS_PORT, NULLOPS_PORT, NULLOPS_DATA_DIR.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        feed: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        workers: { type: 'string' },
        'tls-local-ca': { type: 'string' },
        'tls-ca-cert': { type: 'string' },
        'tls-ca-key': { type: 'string' },
        'no-access-log': { type: 'boolean' },
      },
    });
    const config = loadConfig(process.env, values.port ? { ingressPort: Number(values.port) } : {});
    const token = ingressTokenOf(config);
    if (!token) {
      console.error('nullops ingress: set NULLOPS_INGRESS_TOKEN to the control plane\'s ingress token.');
      return 1;
    }
    if (Boolean(values['tls-ca-cert']) !== Boolean(values['tls-ca-key'])) {
      console.error('nullops ingress: --tls-ca-cert and --tls-ca-key go together.');
      return 1;
    }
    const tls = values['tls-ca-cert']
      ? { ca: { certFile: values['tls-ca-cert'], keyFile: values['tls-ca-key']! } }
      : values['tls-local-ca']
        ? { localCaDir: values['tls-local-ca'] }
        : localTlsOf(config);
    const workers = values.workers ? Number(values.workers) : availableParallelism();
    if (!Number.isInteger(workers) || workers < 1) {
      console.error('nullops ingress: --workers takes a whole number of at least 1.');
      return 1;
    }
    const feedUrl = values.feed ?? process.env.NULLOPS_INGRESS_FEED_URL ?? localFeedUrl(`http://${config.host}:${config.port}`);
    const proxy = await startIngressProxy({ feedUrl, token, port: config.ingressPort, host: values.host ?? '0.0.0.0', tls, accessLog: !values['no-access-log'], workers });
    console.error(`[nullops ingress] serving ${tls ? 'https' : 'http'} on ${values.host ?? '0.0.0.0'}:${proxy.port} with ${workers} worker(s), route table from ${feedUrl}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await proxy.stop();
    return 0;
  },
};
