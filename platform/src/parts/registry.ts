// The local plugin registry beside `nullops up`: @nullops/registry in this process on
// NULLOPS_REGISTRY_PORT (default 7800), its own database `nullops_registry` on the control plane's
// PostgreSQL server, added to the catalog as the plugin source `local` (the default source). The
// official plugins part publishes the official components into it once their images are served
// (facts.localRegistry). An extra: when it cannot start, `up` goes on and says why.
import { registerPluginSource } from '@nullops/core';
import { describeOfficialPublish, publishOfficialPlugins, startRegistry } from '@nullops/registry';
import type { PlatformPart } from '../part.js';

export const LOCAL_PLUGIN_SOURCE = 'local';

export const localRegistry: PlatformPart = {
  name: 'the local plugin registry',
  wanted: () => process.env.NULLOPS_LOCAL_REGISTRY !== 'off',
  async start({ controlPlane, say }) {
    const { config } = controlPlane;
    let registry: Awaited<ReturnType<typeof startRegistry>>;
    try {
      registry = await startRegistry({
        config: { dataDir: config.dataDir, port: config.registryPort, host: config.host, logLevel: 'warn' },
        serverUrl: controlPlane.databaseUrl,
        logger: false,
        onProgress: say,
      });
    } catch (error) {
      say(`the local plugin registry did not start: ${(error as Error).message} (set NULLOPS_REGISTRY_PORT to a free port, or NULLOPS_LOCAL_REGISTRY=off)`);
      return { lines: [], stop: async () => {} };
    }
    await registerPluginSource(controlPlane.app, { name: LOCAL_PLUGIN_SOURCE, url: registry.url });
    return {
      lines: [`Registry   ${registry.url} (plugin source "${LOCAL_PLUGIN_SOURCE}"${registry.adminTokenFile ? `; admin token in ${registry.adminTokenFile}` : ''})`],
      facts: { localRegistry: { url: registry.url, publishOfficial: async (plugins) => describeOfficialPublish(await publishOfficialPlugins(registry.server.app, plugins)) } },
      stop: () => registry.close(),
    };
  },
};
