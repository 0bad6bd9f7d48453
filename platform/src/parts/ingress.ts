// The builtin ingress beside `nullops up`: the proxy from @nullops/driver-ingress-builtin on
// NULLOPS_INGRESS_PORT, dialing this control plane's feed, when the builtin driver is the configured one.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '@nullops/core';
import { INGRESS_FEED_PATH } from '@nullops/core/contracts';
import { startIngressProxy } from '@nullops/driver-ingress-builtin/proxy';
import type { PlatformPart } from '../start.js';

export const BUILTIN_INGRESS_DRIVER = 'ingress-builtin';

/** The feed URL of the control plane listening at `apiUrl` (a wildcard listen address is dialed on loopback). */
export function localFeedUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = INGRESS_FEED_PATH;
  return url.toString();
}

/** The ingress token from the config, else the one `nullops up` generated in the data directory. */
export function ingressTokenOf(config: Pick<Config, 'ingressToken' | 'dataDir'>): string | undefined {
  if (config.ingressToken) return config.ingressToken;
  const file = join(resolve(config.dataDir), 'ingress.token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** `driverOptions["ingress-builtin"].tls: "local-ca"` serves HTTPS with a CA kept in `<data dir>/ingress-ca`. */
export function localTlsOf(config: Pick<Config, 'driverOptions' | 'dataDir'>): { localCaDir: string } | undefined {
  return config.driverOptions[BUILTIN_INGRESS_DRIVER]?.tls === 'local-ca' ? { localCaDir: join(resolve(config.dataDir), 'ingress-ca') } : undefined;
}

export const localIngress: PlatformPart = {
  name: 'the builtin ingress',
  async start({ controlPlane, apiUrl, say }) {
    const config = controlPlane.config;
    if (config.drivers.ingress !== BUILTIN_INGRESS_DRIVER) return { lines: [], stop: async () => {} };
    const token = ingressTokenOf(config);
    if (!token) throw new Error('The builtin ingress needs NULLOPS_INGRESS_TOKEN.');
    const tls = localTlsOf(config);
    const proxy = await startIngressProxy({
      feedUrl: localFeedUrl(apiUrl),
      token,
      port: config.ingressPort,
      host: config.host,
      tls,
      accessLog: config.logLevel === 'debug' || config.logLevel === 'trace',
      log: (message) => say(`ingress: ${message}`),
    });
    const scheme = tls ? 'https' : 'http';
    const lines = [`Ingress    ${scheme}://<service>.<deployment>.<environment>.<base domain>:${proxy.port}/ (builtin proxy on ${config.host}:${proxy.port})`];
    if (tls) lines.push(`Local CA   ${join(tls.localCaDir, 'ca.crt')} (trust it to open deployments over https)`);
    return { lines, stop: () => proxy.stop(), facts: { ingressPort: proxy.port } };
  },
};
