// The local plugin registry beside `nullops up`: @nullops/registry in this process on
// NULLOPS_REGISTRY_PORT (default 7800), its own database `nullops_registry` on the same PostgreSQL
// server, added to the catalog as the plugin source `local`. An extra: when it cannot start, `up` goes
// on and says why.
import { randomUUID } from 'node:crypto';
import { PluginSource } from '../modules/plugin-sources/entity.js';
import type { LocalService } from './local-services.js';

const REGISTRY_MODULE = '@nullops/registry';
export const LOCAL_PLUGIN_SOURCE = 'local';

interface RegistryModule {
  startRegistry(options: {
    config: { dataDir: string; port: number; host: string; logLevel: string };
    serverUrl: string;
    logger: boolean;
    onProgress: (message: string) => void;
  }): Promise<{ url: string; adminTokenFile?: string; close(): Promise<void> }>;
}

export const localRegistry: LocalService = {
  name: 'the local plugin registry',
  wanted: () => process.env.NULLOPS_LOCAL_REGISTRY !== 'off',
  async start({ controlPlane, say }) {
    const { config } = controlPlane;
    let registry: Awaited<ReturnType<RegistryModule['startRegistry']>>;
    try {
      const { startRegistry } = (await import(REGISTRY_MODULE)) as RegistryModule;
      registry = await startRegistry({ config: { dataDir: config.dataDir, port: config.registryPort, host: config.host, logLevel: 'warn' }, serverUrl: controlPlane.databaseUrl, logger: false, onProgress: say });
    } catch (error) {
      say(`the local plugin registry did not start: ${(error as Error).message} (set NULLOPS_REGISTRY_PORT to a free port, or NULLOPS_LOCAL_REGISTRY=off)`);
      return { lines: [], stop: async () => {} };
    }
    const em = controlPlane.app.orm.em.fork();
    const source = await em.findOne(PluginSource, { name: LOCAL_PLUGIN_SOURCE });
    if (source) source.url = registry.url;
    else em.create(PluginSource, { id: randomUUID(), name: LOCAL_PLUGIN_SOURCE, url: registry.url, tokenEncrypted: null });
    await em.flush();
    return {
      lines: [`Registry   ${registry.url} (plugin source "${LOCAL_PLUGIN_SOURCE}"${registry.adminTokenFile ? `; its admin token is in ${registry.adminTokenFile}` : ''})`],
      stop: () => registry.close(),
    };
  },
};
