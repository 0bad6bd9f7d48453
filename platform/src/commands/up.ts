// `nullops up` (what `npm start` runs): the whole platform on this machine — embedded PostgreSQL unless
// DATABASE_URL is set, the control plane with its API and docs — printing the URLs, stopping cleanly
// on Ctrl-C.
import { parseArgs } from 'node:util';
import { fillLocalSecrets, loadConfig } from '@nullops/core';
import type { Command } from '@nullops/core/cli';
import { startPlatform } from '../start.js';

export const upCommand: Command = {
  name: 'up',
  summary: 'run the whole platform on this machine (what `npm start` runs)',
  help: `Usage: nullops up [--port N] [--data-dir DIR] [--demo]

Starts everything on this machine: an embedded PostgreSQL in the data directory (unless DATABASE_URL
is set), the control plane (API, docs), and the local services this install has (agent, ingress).
Prints the URLs; Ctrl-C stops everything, including the embedded database.

Options:
  --port N          API port (NULLOPS_PORT, default 7700)
  --data-dir DIR    where the embedded database and generated keys live (NULLOPS_DATA_DIR, default ./.nullops)
  --demo            also seed an example project

Environment: NULLOPS_PORT, NULLOPS_INGRESS_PORT, NULLOPS_DATA_DIR, DATABASE_URL, NULLOPS_ENCRYPTION_KEY,
NULLOPS_ADMIN_USERNAME, NULLOPS_ADMIN_PASSWORD, NULLOPS_CONFIG (a JSON file with the same keys).`,
  async run(args) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, demo: { type: 'boolean' } } });
    const say = (message: string) => console.log(`[nullops] ${message}`);
    const overrides = {
      localMode: true,
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    };
    const config = fillLocalSecrets(loadConfig(process.env, overrides), say);
    const started = Date.now();
    // Listening from the start: Ctrl-C during start-up lets start-up finish, then shuts everything down in order.
    const stopRequested = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const platform = await startPlatform({ config, say, demo: values.demo ?? false, logger: { level: config.logLevel === 'info' ? 'warn' : config.logLevel } });
    const address = platform.address;

    console.log(`
NullOps is up (${((Date.now() - started) / 1000).toFixed(1)} s).
  API        ${address}/api/v1
  API docs   ${address}/docs
  OpenAPI    ${address}/api/v1/openapi.json
  Health     ${address}/readyz${platform.lines.map((line) => `\n  ${line}`).join('')}
  Database   ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/postgres`}
Press Ctrl-C to stop.`);

    await stopRequested;
    say('stopping…');
    // Ctrl-C reaches the embedded PostgreSQL too (same process group), so it is already shutting down:
    // the platform stops listening to agents first, so nothing more is written, then the local parts.
    await platform.stop();
    say('stopped.');
    return 0;
  },
};
