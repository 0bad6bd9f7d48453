#!/usr/bin/env node
// nullops-registry: runs the plugin registry with the settings in the environment (NULLOPS_REGISTRY_PORT,
// NULLOPS_DATA_DIR, DATABASE_URL, NULLOPS_REGISTRY_ADMIN_TOKEN) until Ctrl-C.
import { RegistryConfigError } from './config.js';
import { startRegistry } from './start.js';

const HELP = `Usage: nullops-registry [--help]

Runs the NullOps plugin registry.
  NULLOPS_REGISTRY_PORT         port (default 7800)
  NULLOPS_REGISTRY_HOST         address to listen on (default 127.0.0.1)
  NULLOPS_DATA_DIR              data directory (default ./.nullops); the embedded database and the
                                generated admin token live in <dir>/registry
  DATABASE_URL                  use this PostgreSQL database instead of the embedded one
  NULLOPS_REGISTRY_ADMIN_TOKEN  the admin token (default: generated into <dir>/registry/admin-token)

The admin creates publishers: POST /api/v1/publishers {"scope": "acme"} with the admin token.
See docs/registry.md.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  if (args.length) {
    console.error(`nullops-registry: unknown argument "${args[0]}". Run nullops-registry --help.`);
    return 2;
  }
  const registry = await startRegistry({ onProgress: (m) => console.log(`[nullops-registry] ${m}`), logger: { level: process.env.NULLOPS_LOG_LEVEL ?? 'warn' } });
  console.log(`[nullops-registry] listening at ${registry.url}`);
  if (registry.adminTokenFile) console.log(`[nullops-registry] admin token in ${registry.adminTokenFile}`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  console.log('[nullops-registry] stopping');
  await registry.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[nullops-registry] ${error instanceof RegistryConfigError ? error.message : `could not start: ${(error as Error).message}`}`);
    process.exit(1);
  },
);
