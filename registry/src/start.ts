// startRegistry: what `nullops-registry` and `nullops up` call. Picks the database (DATABASE_URL; a
// database of its own on a PostgreSQL server it is given, as `nullops up` gives the embedded one; or an
// embedded server in <dataDir>/registry), the admin token (setting, or generated once into the data
// directory), starts listening, and publishes the official plugins it is handed as publisher `nullops`.
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@nullops/core/embedded-postgres';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRegistry, type RegistryServer } from './app.js';
import { loadRegistryConfig, type RegistryConfig } from './config.js';
import { databaseOnSameServer } from './db/database.js';
import { describeOfficialPublish, publishOfficialPlugins, type PublishablePlugin } from './official-plugins.js';
import { newAdminToken } from './publishers/credentials.js';
import type { DomainCheckOptions } from './publishers/domain-verification.js';

export interface StartRegistryOptions {
  env?: Record<string, string | undefined>;
  config?: Partial<RegistryConfig>;
  /** A PostgreSQL server (any database URL on it) where the registry keeps its own database, `nullops_registry`. */
  serverUrl?: string;
  /** Official plugins to publish as the `nullops` publisher, marked official (versions already there are skipped). */
  officialPlugins?: PublishablePlugin[];
  logger?: boolean | Record<string, unknown>;
  domainCheck?: DomainCheckOptions;
  onProgress?: (message: string) => void;
}

export interface RunningRegistry {
  url: string;
  adminToken: string;
  /** Where the generated admin token is kept (absent when it came from the settings). */
  adminTokenFile?: string;
  server: RegistryServer;
  close(): Promise<void>;
}

export const REGISTRY_DATABASE = 'nullops_registry';

export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const config = loadRegistryConfig(options.env ?? process.env, options.config);
  const progress = options.onProgress ?? (() => {});
  const home = join(resolve(config.dataDir), 'registry');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl && options.serverUrl) databaseUrl = databaseOnSameServer(options.serverUrl, REGISTRY_DATABASE);
  if (!databaseUrl) {
    progress(`registry: starting embedded PostgreSQL in ${join(home, 'postgres')}`);
    embedded = await startEmbeddedPostgres({ dataDir: join(home, 'postgres') });
    databaseUrl = databaseOnSameServer(embedded.url, REGISTRY_DATABASE);
  }
  const admin: { token: string; file?: string } = config.adminToken ? { token: config.adminToken } : adminTokenIn(home);
  let server: RegistryServer | undefined;
  try {
    server = await createRegistry(config, { databaseUrl, adminToken: admin.token, logger: options.logger, domainCheck: options.domainCheck });
    const url = (await server.listen()).replace('://[::1]', '://127.0.0.1');
    if (options.officialPlugins?.length) {
      progress(`registry: ${describeOfficialPublish(await publishOfficialPlugins(server.app, options.officialPlugins))}`);
    }
    const running = server;
    return {
      url,
      adminToken: admin.token,
      ...(admin.file ? { adminTokenFile: admin.file } : {}),
      server: running,
      async close() {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await server?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }
}

/** The admin token kept in <dataDir>/registry/admin-token (0600), made on first start. */
function adminTokenIn(home: string): { token: string; file: string } {
  const file = join(home, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), file };
  mkdirSync(home, { recursive: true });
  const token = newAdminToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, file };
}
