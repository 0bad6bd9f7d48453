// @nullops/driver-ingress-nginx — fills the ingress port with a real nginx: each route table is
// rendered (render-config.ts), checked and swapped in atomically, then nginx reloads
// (nginx-config-store.ts). A table nginx refuses leaves the running configuration as it was and is
// reported through `status().lastError`.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { checkContract, RouteTable, type IngressPort } from '@nullops/core/contracts';
import { NginxConfigStore, type ConfigStoreOptions } from './nginx-config-store.js';
import { renderedVersion, renderNginxConfig } from './render-config.js';

export { renderNginxConfig, checkRenderable, renderedVersion, type RenderOptions } from './render-config.js';
export { NginxConfigStore, ConfigCheckError, ReloadError, type ConfigStoreOptions } from './nginx-config-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    ingress: IngressPort;
  }
}

export interface IngressNginxOptions extends Partial<ConfigStoreOptions> {
  /** nginx `listen` value(s) for the generated servers (default: the control plane's ingressPort). */
  listen?: string | number | (string | number)[];
  keepalive?: number;
  deferredAccept?: boolean;
  nullops: { ingressPort?: number };
}

async function ingressNginx(app: FastifyInstance, options: IngressNginxOptions): Promise<void> {
  const configDir = options.configDir ?? '/etc/nginx/nullops';
  const store = new NginxConfigStore({ ...options, configDir });
  const listenSetting = options.listen ?? options.nullops?.ingressPort ?? 80;
  const listen = (Array.isArray(listenSetting) ? listenSetting : [listenSetting]).map(String);
  const existing = store.currentText();
  let appliedVersion: number | null = existing ? renderedVersion(existing) : null;
  let lastError: string | undefined;
  // One install at a time; tables handed over meanwhile collapse into the newest, so a burst of
  // changes costs one more reload, not one each (every reload retires nginx's workers).
  let waiting: { table: RouteTable; callers: { resolve(): void; reject(error: Error): void }[] } | undefined;
  let installing = false;

  const install = async (table: RouteTable) => {
    try {
      const checked = checkContract(RouteTable, table);
      if (!checked.ok) throw new Error(`Invalid route table: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
      if (appliedVersion !== null && table.version < appliedVersion) throw new Error(`Route table version ${table.version} is older than the one applied (${appliedVersion}).`);
      await store.install(renderNginxConfig(table, { listen, keepalive: options.keepalive, deferredAccept: options.deferredAccept }), `v${table.version}`);
      appliedVersion = table.version;
      lastError = undefined;
    } catch (error) {
      lastError = (error as Error).message;
      app.log.error({ version: table.version }, `ingress-nginx: ${lastError}`);
      throw error;
    }
  };

  const drain = async () => {
    installing = true;
    while (waiting) {
      const job = waiting;
      waiting = undefined;
      try {
        await install(job.table);
        for (const caller of job.callers) caller.resolve();
      } catch (error) {
        for (const caller of job.callers) caller.reject(error as Error);
      }
    }
    installing = false;
  };

  const port: IngressPort = {
    name: 'ingress-nginx',
    apply(table) {
      return new Promise<void>((resolve, reject) => {
        if (waiting && table.version >= waiting.table.version) waiting = { table, callers: [...waiting.callers, { resolve, reject }] };
        else if (waiting) waiting.callers.push({ resolve, reject });
        else waiting = { table, callers: [{ resolve, reject }] };
        if (!installing) void drain();
      });
    },
    status: () => ({ driver: 'ingress-nginx', appliedVersion, ...(lastError ? { lastError } : {}) }),
  };
  app.decorate('ingress', port);
}

export default fp(ingressNginx, { name: '@nullops/driver-ingress-nginx', fastify: '5.x' });
