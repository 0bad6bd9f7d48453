// The edges of the contract, through the one runner, for the official images: a param that fails the
// schema exits non-zero with every failing path and nothing else on stdout; a plugin still busy at its
// deadline is stopped and reported as PLUGIN_TIMEOUT; a statement error names the statement.
import t from 'tap';
import type { InvocationEnvelope } from '@nullops/core/contracts';
import { runPlugin } from './support/run-plugin.js';
import { DB_ADMIN_PASSWORD, startWorld } from './support/world.js';

const world = await startWorld(['db', 'api']);
t.teardown(() => world.stop());

const envelope = (params: Record<string, unknown>): InvocationEnvelope => ({
  apiVersion: 'nullops.dev/v1',
  action: 'run',
  params,
  context: { deployment: { id: 'dep-2', name: 'pr-8', project: 'shop', environment: 'qa' }, services: { db: { host: 'db', ports: { postgres: 5432 } } }, outputs: {}, attempt: 1, idempotencyKey: 'dep-2/1/step', deadline: new Date(Date.now() + 60_000).toISOString() },
});

t.test('a param that fails the schema: non-zero exit, every failing path, one document on stdout', async (t) => {
  const run = await runPlugin('postgres-create-db', envelope({ service: 'db', database: 'Not A Name', waitSeconds: -1, colour: 'blue' }), world.network);
  t.not(run.result.exitCode, 0, 'the exit code is non-zero');
  t.equal(run.stdout.trim().split('\n').length, 1, 'stdout holds one line');
  const error = (run.document as { error: { code: string; message: string } }).error;
  t.equal(error.code, 'PLUGIN_BAD_PARAMS');
  for (const path of ['/adminPassword', '/database', '/waitSeconds', '/colour']) t.match(error.message, path, `the message names ${path}`);
  t.same(Object.keys(run.document as object), ['error'], 'the document is only the error');
});

t.test('a plugin still busy at its deadline is stopped: PLUGIN_TIMEOUT', async (t) => {
  const started = Date.now();
  const run = await runPlugin('shell', envelope({ script: 'echo working on something long\nsleep 600' }), world.network, { timeoutSeconds: 3, killAfterSeconds: 5 });
  t.notOk(run.result.ok, 'the run fails');
  // The SDK stops the plugin at the envelope's deadline, a moment before the runner's own timer fires, so
  // the plugin's document carries the code, and the step fails with it as its code.
  t.match(run.document, { error: { code: 'PLUGIN_TIMEOUT' } }, 'the plugin reports PLUGIN_TIMEOUT');
  t.equal(!run.result.ok && run.result.error.code, 'PLUGIN_TIMEOUT', `the step fails with PLUGIN_TIMEOUT (${JSON.stringify(run.result)})`);
  t.ok(Date.now() - started < 30_000, "it ends soon after the deadline, not after the script's 600 s");
  t.ok(run.logs.some((line) => /working on something long/.test(line)), 'the log keeps what the plugin said before');
});

t.test('sql-exec names the failing statement and commits nothing', async (t) => {
  const url = `postgres://postgres:${DB_ADMIN_PASSWORD}@db:5432/postgres`;
  const run = await runPlugin('sql-exec', envelope({ url, sql: 'CREATE TABLE edge_kept (id int);\n\nINSERT INTO edge_kept VALUES (1);\nINSERT INTO edge_kept VALUES (\'two\');' }), world.network);
  const error = (run.document as { error: { code: string; message: string } }).error;
  t.equal(error.code, 'SQL_FAILED');
  t.match(error.message, 'statement 3 of 3 (line 4 of the SQL, at line 1, column 31 of the statement)', 'the message names the statement, its line and the position');
  t.match(error.message, 'invalid input syntax for type integer: "two"', "it carries PostgreSQL's reason");
  t.notOk(run.logs.join('\n').includes(DB_ADMIN_PASSWORD), 'the password in the URL never reaches the log');
  const admin = await world.adminDb();
  const table = await admin.query("SELECT to_regclass('edge_kept') AS t");
  await admin.end();
  t.equal(table.rows[0].t, null, 'the table of statement 1 was rolled back with the rest');
});
