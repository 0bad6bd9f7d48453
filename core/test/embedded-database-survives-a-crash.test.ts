// The embedded PostgreSQL keeps its data across a crash of the process that owned it: the next start
// finds the directory usable (a postgres orphaned by the crash is stopped first) and the rows are there.
// A data directory it cannot use is one clear message naming it and what to do.
import t from 'tap';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';

const module = fileURLToPath(new URL('../src/db/embedded-postgres.js', import.meta.url));

t.test('a SIGKILLed owner leaves the data directory usable', async (t) => {
  // Reachable by others, so as root the "postgres" user keeps its data inside it (and it goes with it).
  const parent = mkdtempSync(join(tmpdir(), 'nullops-crash-'));
  chmodSync(parent, 0o755);
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'data');

  // A child process starts the database, writes a row, reports, then gets killed without any shutdown.
  const script = `
    import pg from 'pg';
    import { startEmbeddedPostgres } from ${JSON.stringify(module)};
    const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dir)} });
    const c = new pg.Client({ connectionString: db.url }); await c.connect();
    await c.query('create table survivor (note text)');
    await c.query("insert into survivor values ('written before the crash')");
    await c.end();
    console.log('READY');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('READY') && resolve());
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  // While its owner lives, another start on the same directory is refused and leaves the database alone.
  await t.rejects(startEmbeddedPostgres({ dataDir: dir }), { name: 'EmbeddedPostgresError', message: new RegExp(`in use by process ${child.pid} .*NULLOPS_DATA_DIR`) }, 'a second owner is refused while the first lives');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('exit', resolve));

  const again = await startEmbeddedPostgres({ dataDir: dir });
  t.teardown(() => again.stop());
  const client = new pg.Client({ connectionString: again.url });
  await client.connect();
  const { rows } = await client.query('select note from survivor');
  await client.end();
  t.same(rows, [{ note: 'written before the crash' }], 'the row written before the crash is still there');
});

t.test('a data directory it cannot use is one message naming it and the next step', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'nullops-unusable-'));
  chmodSync(parent, 0o755);
  t.teardown(() => rmSync(parent, { recursive: true, force: true }));

  writeFileSync(join(parent, 'a-file'), 'not a folder');
  await t.rejects(startEmbeddedPostgres({ dataDir: join(parent, 'a-file', 'data') }), {
    name: 'EmbeddedPostgresError',
    message: /^The embedded PostgreSQL cannot use .*a-file\/data: .*Choose another data directory \(NULLOPS_DATA_DIR\).*DATABASE_URL/s,
  }, 'a path through a file');

  // A cluster of another PostgreSQL major version: the server refuses it; its own words are shown.
  const foreign = join(parent, 'foreign');
  mkdirSync(foreign);
  writeFileSync(join(foreign, 'PG_VERSION'), '9.6\n');
  await t.rejects(startEmbeddedPostgres({ dataDir: foreign }), {
    name: 'EmbeddedPostgresError',
    message: /^The embedded PostgreSQL in .*foreign did not start .*Its last messages .*foreign\.log\):\n.+\n.*remove .*foreign and start again/s,
  }, 'a data directory it cannot run');
});
