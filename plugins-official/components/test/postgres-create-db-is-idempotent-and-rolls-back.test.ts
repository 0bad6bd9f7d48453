// postgres-create-db against a real PostgreSQL service: run twice it ends in the same state and keeps the
// data; the URL it returns works; no other role can connect to the database; rollback leaves neither
// the database nor the role behind.
import t from 'tap';
import pg from 'pg';
import type { InvocationEnvelope } from '@nullops/core/contracts';
import { runPlugin } from './support/run-plugin.js';
import { DB_ADMIN_PASSWORD, startWorld } from './support/world.js';

const world = await startWorld(['db']);
t.teardown(() => world.stop());

const envelope = (action: 'run' | 'rollback', outputs: Record<string, unknown> = {}): InvocationEnvelope => ({
  apiVersion: 'nullops.dev/v1',
  action,
  params: { service: 'db', adminPassword: DB_ADMIN_PASSWORD, database: 'orders' },
  context: {
    deployment: { id: 'dep-1', name: 'pr-7', project: 'shop', environment: 'qa' },
    services: { db: { host: 'db', ports: { postgres: 5432 } } },
    outputs: action === 'rollback' ? { database: outputs } : {},
    attempt: 1,
    idempotencyKey: 'dep-1/1/database',
    deadline: new Date(Date.now() + 60_000).toISOString(),
  },
});

/** The URL as the host reaches the service (its published port), for checking what the plugin returned. */
const fromHost = (url: string) => {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(world.ports.db);
  return u.toString();
};

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

let lastOutputs: Record<string, unknown> = {};

t.test('the first run creates the database and its role; the URL works', async (t) => {
  const run = await runPlugin('postgres-create-db', envelope('run'), world.network);
  t.ok(run.result.ok, `run succeeds: ${JSON.stringify(run.document)}`);
  const outputs = (run.document as { outputs: Record<string, unknown> }).outputs;
  t.match(outputs, { host: 'db', port: 5432, database: 'orders', username: 'orders', created: true });
  t.match(outputs.url, /^postgres:\/\/orders:[^@]+@db:5432\/orders$/, 'the URL names the service host, port, role and database');
  t.notOk(run.logs.some((line) => line.includes(String(outputs.password))), 'the password never appears in the log');
  await query(fromHost(String(outputs.url)), "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('from run 1')");
  const owner = await query(fromHost(String(outputs.url)), "SELECT pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'orders'");
  t.equal(owner.rows[0].owner, 'orders', 'the role owns the database');
  lastOutputs = outputs;
});

t.test('a second run is idempotent: same database, data kept, the new URL works', async (t) => {
  const run = await runPlugin('postgres-create-db', envelope('run'), world.network);
  t.ok(run.result.ok, `the second run succeeds too: ${JSON.stringify(run.document)}`);
  const outputs = (run.document as { outputs: Record<string, unknown> }).outputs;
  t.equal(outputs.created, false, 'it reports that the database existed');
  const rows = await query(fromHost(String(outputs.url)), 'SELECT note FROM kept');
  t.same(rows.rows, [{ note: 'from run 1' }], "the first run's data is still there");
  const admin = await world.adminDb();
  const counts = await admin.query("SELECT (SELECT count(*) FROM pg_database WHERE datname = 'orders')::int AS databases, (SELECT count(*) FROM pg_roles WHERE rolname = 'orders')::int AS roles");
  await admin.end();
  t.same(counts.rows[0], { databases: 1, roles: 1 }, 'still one database and one role');
  lastOutputs = outputs;
});

t.test('only the owner may connect', async (t) => {
  const admin = await world.adminDb();
  await admin.query("CREATE ROLE intruder LOGIN PASSWORD 'intruder-password'");
  await admin.end();
  await t.rejects(query(`postgres://intruder:intruder-password@127.0.0.1:${world.ports.db}/orders`, 'SELECT 1'), /permission denied for database "orders"/, 'another deployment\'s role is refused');
});

t.test('rollback drops the database and the role, even with a session still open', async (t) => {
  const open = new pg.Client({ connectionString: fromHost(String(lastOutputs.url)) });
  open.on('error', () => undefined);
  await open.connect();
  const run = await runPlugin('postgres-create-db', envelope('rollback', lastOutputs), world.network);
  t.ok(run.result.ok, `rollback succeeds: ${JSON.stringify(run.document)}`);
  await open.end().catch(() => undefined);
  const admin = await world.adminDb();
  const left = await admin.query("SELECT (SELECT count(*) FROM pg_database WHERE datname = 'orders')::int AS databases, (SELECT count(*) FROM pg_roles WHERE rolname = 'orders')::int AS roles");
  await admin.end();
  t.same(left.rows[0], { databases: 0, roles: 0 }, 'no database and no role are left');
  const again = await runPlugin('postgres-create-db', envelope('rollback', lastOutputs), world.network);
  t.ok(again.result.ok, 'a second rollback (nothing left to drop) succeeds too');
});
