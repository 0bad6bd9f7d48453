// Connects the registry to its own PostgreSQL database and applies its migrations. A database that does
// not exist yet on a reachable server (the embedded one `nullops up` shares with core) is created.
import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { Package, PackageVersion } from '../packages/entities.js';
import { Publisher, PublisherToken } from '../publishers/entities.js';
import { migrationsList } from './migrations/index.js';

export type Orm = MikroORM;

export async function connectRegistryDatabase(url: string, poolSize = 20): Promise<Orm> {
  await createDatabaseIfMissing(url);
  try {
    const orm = await MikroORM.init({
      clientUrl: url,
      entities: [Publisher, PublisherToken, Package, PackageVersion],
      extensions: [Migrator],
      migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false, silent: true },
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: poolSize },
      allowGlobalContext: false,
      forceUtcTimezone: true,
    });
    await orm.getMigrator().up();
    return orm;
  } catch (error) {
    throw new Error(`Cannot use the registry database at ${redactUrl(url)}: ${(error as Error).message}. Check DATABASE_URL, or unset it to use the embedded database.`, { cause: error });
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** The URL of database `name` on the same server as `url`. */
export function databaseOnSameServer(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') return; // not "database does not exist": let MikroORM report it
  } finally {
    await probe.end().catch(() => {});
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: databaseOnSameServer(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile
  } finally {
    await admin.end();
  }
}
