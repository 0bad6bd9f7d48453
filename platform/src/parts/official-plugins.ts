// The official component plugins in local mode: once the control plane answers, their images are built
// (only when their content changed), served from a loopback registry in the data directory and
// installed into the catalog — in the background, with progress, never holding up /readyz or the
// summary. With the local plugin registry running, they are then published into it (publisher `nullops`,
// official), so the marketplace lists them and they install from the default source; every start
// publishes what is missing and nothing twice. NULLOPS_PLUGIN_BASE_IMAGE moves the images' Node.js base (default node:20-alpine);
// NULLOPS_OFFICIAL_PLUGINS=off skips them.
import { resolve } from 'node:path';
import { ensureOfficialPlugins, type OfficialPlugins } from '@nullops/components';
import { dockerAnswers } from './agent.js';
import type { PlatformPart } from '../part.js';

export const officialPlugins: PlatformPart = {
  name: 'the official component plugins',
  wanted: () => process.env.NULLOPS_OFFICIAL_PLUGINS !== 'off',
  async start({ controlPlane, apiUrl, say, facts }) {
    const none = async () => {};
    const config = controlPlane.config;
    if (!config.adminUsername || !config.adminPassword) {
      return { lines: ['Plugins    official components not installed: set NULLOPS_ADMIN_USERNAME and NULLOPS_ADMIN_PASSWORD'], stop: none, facts: { officialPlugins: Promise.resolve(false) } };
    }
    if (!(await dockerAnswers())) {
      return { lines: ['Plugins    official components not built: no Docker engine (start Docker, then npm start again)'], stop: none, facts: { officialPlugins: Promise.resolve(false) } };
    }
    const url = new URL(apiUrl);
    if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
    let stopped = false;
    let shipped: OfficialPlugins | undefined;
    const ready = ensureOfficialPlugins({
      dataDir: resolve(config.dataDir),
      api: { url: url.toString(), username: config.adminUsername, password: config.adminPassword },
      baseImage: process.env.NULLOPS_PLUGIN_BASE_IMAGE || undefined,
      onProgress: say,
    }).then(
      async (result) => {
        shipped = result;
        if (stopped) {
          await result.stop();
          return true;
        }
        if (facts.localRegistry) {
          const registry = facts.localRegistry;
          await registry.publishOfficial(result.served).then(
            (line) => say(`official plugins: local registry ${registry.url}: ${line}`),
            (error: Error) => say(`official plugins: not published into the local registry ${registry.url}: ${error.message}`),
          );
        }
        return true;
      },
      (error: Error) => {
        say(`official plugins: not installed: ${error.message}`);
        return false;
      },
    );
    return {
      lines: ['Plugins    official components (nullops/postgres-create-db, sql-exec, http-wait, …) build and install in the background'],
      facts: { officialPlugins: ready },
      async stop() {
        stopped = true;
        await shipped?.stop();
      },
    };
  },
};
