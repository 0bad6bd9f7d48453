#!/usr/bin/env node
// `npm test`: the linter and the boundary check (npm run check), then makes sure the test infrastructure
// runs (Docker engine, local registries, local images, a PostgreSQL server for per-file test databases),
// runs every package's compiled tap tests in parallel, prints how long each suite took and ends with one
// line `N passed, N failed`.
//   npm test -- word…   only test files whose path contains a word (no lint or boundary check)
//   npm test -- --unit  only the suites marked `nullops-test: unit` (no Docker, registry or database):
//                       no infrastructure is started; each runs as a plain `node` process (see
//                       runEachWithNode), so they take seconds
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { startTestDatabaseServer } from '../core/dist/test/support/test-database-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['core', 'agent', 'registry', ...listDirs('plugins-official/drivers'), 'sdk/plugin-sdk', 'sdk/create-nullops-plugin', 'plugins-official/components', 'studio', 'platform'];
const unit = process.argv.includes('--unit');
const filter = process.argv.slice(2).filter((word) => word !== '--unit');
/** The marker a test file carries when it needs no Docker engine, registry or database. */
const UNIT_MARKER = 'nullops-test: unit';

function listDirs(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).map((name) => join(dir, name)).filter((p) => statSync(join(root, p)).isDirectory());
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'support' || entry.name === 'fixtures' ? [] : findTests(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

let files = packages.flatMap((p) => findTests(join(root, p, 'dist', 'test')));
if (filter.length) files = files.filter((f) => filter.some((word) => f.includes(word)));
if (unit) files = files.filter((f) => readFileSync(f, 'utf8').includes(UNIT_MARKER));
if (files.length === 0) {
  console.error('[nullops] no compiled test files found: run `npm run build` (or `npm test`, which builds first).');
  process.exit(1);
}

if (!unit && filter.length === 0) {
  for (const [what, script] of [['lint (eslint)', 'lint'], ['boundary check (dependency-cruiser)', 'check:boundaries']]) {
    console.log(`[nullops] ${what}…`);
    const check = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
    if (check.status !== 0) {
      console.error(`[nullops] the ${what} failed; see above (\`npm run ${script}\` runs it alone).`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
}

let database = { url: '', stop: async () => {} };
if (!unit) {
  console.log('[nullops] preparing test infrastructure (Docker engine, registries, images)…');
  const infra = spawnSync('bash', [join(root, 'scripts/test-infra/up.sh')], { stdio: 'inherit' });
  if (infra.status !== 0) {
    console.error('[nullops] test infrastructure could not start; see the message above (scripts/test-infra/up.sh).');
    process.exit(1);
  }
  database = await startTestDatabaseServer(join(root, '.test-infra', 'postgres'));
  console.log(`[nullops] test PostgreSQL at ${database.url.replace(/:[^:@/]*@/, ':***@')}`);
}

rmSync(join(root, '.tap', 'test-results'), { recursive: true, force: true });
const started = Date.now();
const jobs = Number(process.env.NULLOPS_TEST_JOBS ?? 3);
const tapExit = unit ? await runEachWithNode(files, jobs) : await runWithTap(files, jobs);
await database.stop();

const summary = summarize(join(root, '.tap', 'test-results'));
console.log('\nSuite durations:');
for (const suite of summary.suites.sort((a, b) => b.seconds - a.seconds)) {
  console.log(`  ${suite.seconds.toFixed(1).padStart(7)} s  ${suite.failed ? 'FAIL' : 'ok  '}  ${suite.name}`);
}
console.log(`Total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
const missing = files.length - summary.suites.length;
// tap failing with every counted assertion green (a file that never reported) is still a failure.
const failed = summary.failed + Math.max(0, missing) || (tapExit !== 0 ? 1 : 0);
console.log(`${summary.passed} passed, ${failed} failed`);
process.exit(failed > 0 || tapExit !== 0 ? 1 : 0);

function runWithTap(files, jobs) {
  const tap = spawn(
    join(root, 'node_modules', '.bin', 'tap'),
    ['--disable-coverage', '--allow-incomplete-coverage', `--jobs=${jobs}`, '--timeout=900', '--reporter=terse', ...files.map((f) => relative(root, f))],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NULLOPS_TEST_DATABASE_URL: database.url } },
  );
  return new Promise((resolve) => tap.on('exit', (code) => resolve(code ?? 1)));
}

// The unit suites are compiled JavaScript that print TAP themselves, so each runs as a plain `node` process
// (`jobs` at a time) with its output saved where tap saves it. Through tap's runner every file would
// first load tap's TypeScript loader (ts-node and the compiler): ~15 s per file on a busy machine against
// well under a second for the suite itself.
async function runEachWithNode(files, jobs) {
  const queue = [...files];
  let exit = 0;
  const runOne = (file) =>
    new Promise((resolve) => {
      const out = join(root, '.tap', 'test-results', `${relative(root, file)}.tap`);
      mkdirSync(dirname(out), { recursive: true });
      const child = spawn(process.execPath, [file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NULLOPS_TEST_UNIT: '1', TAP_TIMEOUT: '120' } });
      const chunks = [];
      child.stdout.on('data', (chunk) => chunks.push(chunk));
      // tap's own limit (TAP_TIMEOUT, 30 s when unset) ends a stuck suite with a failure; this is the backstop.
      const timer = setTimeout(() => child.kill('SIGKILL'), 130_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        writeFileSync(out, Buffer.concat(chunks));
        console.log(`${code === 0 ? 'ok  ' : 'FAIL'}  ${relative(root, file)}`);
        if (code !== 0) exit = 1;
        resolve();
      });
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) await runOne(file);
  }));
  return exit;
}

// Counts the assertions in each file's raw TAP output that tap saves under .tap/test-results.
function summarize(dir) {
  const suites = [];
  let passed = 0;
  let failed = 0;
  for (const file of findFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    let filePassed = 0;
    let fileFailed = 0;
    // Every assertion at any depth; a subtest's own summary line (it carries `# time=`) is not counted again.
    for (const line of text.split('\n')) {
      if (/# time=/.test(line)) continue;
      if (/^\s*ok \d+/.test(line) && !/# SKIP/.test(line)) filePassed++;
      else if (/^\s*not ok \d+/.test(line) && !/# TODO/.test(line)) fileFailed++;
    }
    // A file that failed without a failing assertion (a crash, a failing subtest summary) still counts as one failure.
    if (filePassed + fileFailed === 0 || (fileFailed === 0 && /^not ok \d+/m.test(text))) fileFailed = Math.max(fileFailed, 1);
    const time = /^# time=([\d.]+)ms/m.exec(text);
    suites.push({ name: relative(dir, file).replace(/\.tap$/, ''), seconds: time ? Number(time[1]) / 1000 : 0, failed: fileFailed > 0 });
    passed += filePassed;
    failed += fileFailed;
  }
  return { suites, passed, failed };
}

function findFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? findFiles(join(dir, e.name)) : e.name.endsWith('.tap') ? [join(dir, e.name)] : []));
}
