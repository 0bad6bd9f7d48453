// Connects MikroORM to PostgreSQL and applies the committed migrations. The schema is never synced
// implicitly: what the migrations create is what exists.
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

/** `poolMax`: most connections held at once (each write request holds one from its access check to its response). */
export async function connectDatabase(url: string, options: { debug?: boolean; poolMax?: number } = {}): Promise<Orm> {
  try {
    return await MikroORM.init({
      clientUrl: url,
      entities,
      extensions: [Migrator],
      migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: options.poolMax ?? 10 },
      debug: options.debug ?? false,
      allowGlobalContext: false,
      forceUtcTimezone: true,
    });
  } catch (error) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded database.`, { cause: error });
  }
}

/** Applies pending migrations; returns the names applied (empty when the schema was current). */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

export async function pendingMigrations(orm: Orm): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
