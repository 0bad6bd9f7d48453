// Gives a test file a fresh, empty PostgreSQL database and drops it when the file's tests end.
// Uses the run's shared server (NULLOPS_TEST_DATABASE_URL, set by `npm test`); a file run on its own
// starts a private embedded server instead.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<FreshDatabase> {
  if (process.env.NULLOPS_TEST_UNIT === '1') throw new Error('A suite marked `nullops-test: unit` asked for a database: unit suites run without one. Remove the marker or the database.');
  let serverUrl = process.env.NULLOPS_TEST_DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    // Reachable by others, so as root the "postgres" user keeps its data inside it (and it goes with it).
    const dir = await mkdtemp(join(tmpdir(), 'nullops-pg-'));
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data') });
    serverUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin(serverUrl!, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await stopServer();
    },
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
