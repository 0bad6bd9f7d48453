// `nullops migrate`: applies pending database migrations and says which.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../kernel/config.js';
import { connectDatabase, migrate, redactUrl } from '../../db/database.js';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.js';
import type { Command } from '../command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  help: `Usage: nullops migrate [--data-dir DIR]

Applies the committed database migrations that have not run yet. Uses DATABASE_URL when set,
otherwise the embedded PostgreSQL in the data directory (NULLOPS_DATA_DIR, default ./.nullops).
\`nullops up\` does this on every start; run it alone before upgrading a production control plane.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } } });
    const config = loadConfig(process.env, values['data-dir'] ? { dataDir: values['data-dir'] } : {});
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: join(resolve(config.dataDir), 'postgres') });
    const url = config.databaseUrl ?? embedded!.url;
    const orm = await connectDatabase(url);
    try {
      const applied = await migrate(orm);
      console.log(applied.length ? `Applied ${applied.length} migration(s) to ${redactUrl(url)}:\n${applied.map((n) => `  ${n}`).join('\n')}` : `The database at ${redactUrl(url)} is up to date.`);
      return 0;
    } finally {
      await orm.close();
      await embedded?.stop();
    }
  },
};
