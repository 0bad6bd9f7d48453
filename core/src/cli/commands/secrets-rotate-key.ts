// `nullops secrets rotate-key`: re-encrypts every stored secret, registry password and agent token from
// the old encryption key to the new one, in one transaction.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../../kernel/config.js';
import { connectDatabase, pendingMigrations, redactUrl } from '../../db/database.js';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.js';
import { EncryptionKeyError, parseEncryptionKey } from '../../modules/secrets/encryption.js';
import { rotateEncryptionKey } from '../../modules/secrets/rotate-key.js';
import type { Command } from '../command.js';

export const secretsRotateKeyCommand: Command = {
  name: 'secrets rotate-key',
  summary: 're-encrypt every stored secret from the old encryption key to the new one',
  help: `Usage: nullops secrets rotate-key [--old-key KEY] [--data-dir DIR]

Re-encrypts every value NullOps stores encrypted (project secrets, registry passwords, agent tokens)
from the old key to the new one, in one transaction. The new key is NULLOPS_ENCRYPTION_KEY; the old one
is --old-key or NULLOPS_ENCRYPTION_KEY_OLD (both: 32 bytes, base64). Values already under the new key are
left as they are, so an interrupted rotation can simply be run again; a value under any other key stops
the rotation before anything changes.

Stop the control plane first, rotate, then start it with the new NULLOPS_ENCRYPTION_KEY.
Uses DATABASE_URL when set, otherwise the embedded PostgreSQL in the data directory.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { 'old-key': { type: 'string' }, 'data-dir': { type: 'string' } } });
    const config = loadConfig(process.env, values['data-dir'] ? { dataDir: values['data-dir'] } : {});
    let oldKey, newKey;
    try {
      newKey = parseEncryptionKey(config.encryptionKey, 'NULLOPS_ENCRYPTION_KEY (the new key)');
      oldKey = parseEncryptionKey(values['old-key'] ?? process.env.NULLOPS_ENCRYPTION_KEY_OLD, values['old-key'] ? '--old-key' : 'NULLOPS_ENCRYPTION_KEY_OLD (the old key, or --old-key)');
    } catch (error) {
      if (error instanceof EncryptionKeyError) throw new ConfigError('encryptionKey', error.message);
      throw error;
    }
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: join(resolve(config.dataDir), 'postgres') });
    const url = config.databaseUrl ?? embedded!.url;
    const orm = await connectDatabase(url);
    try {
      const pending = await pendingMigrations(orm);
      if (pending.length) {
        console.error(`nullops: the database at ${redactUrl(url)} has ${pending.length} pending migration(s); run \`nullops migrate\` first.`);
        return 1;
      }
      const report = await rotateEncryptionKey(orm.em.fork() as EntityManager, oldKey, newKey);
      console.log(`Re-encrypted ${report.reencrypted} value(s) from key ${oldKey.id} to key ${newKey.id} (${report.alreadyCurrent} were already under the new key).`);
      for (const column of report.perColumn) console.log(`  ${column.table}.${column.column}: ${column.reencrypted}`);
      console.log('Start the control plane with the new NULLOPS_ENCRYPTION_KEY.');
      return 0;
    } catch (error) {
      if (error instanceof EncryptionKeyError) {
        console.error(`nullops: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      await orm.close();
      await embedded?.stop();
    }
  },
};
