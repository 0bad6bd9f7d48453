#!/usr/bin/env node
// Benchmark: publish throughput into a fresh registry (10,000 plugins by default), then search latency
// p50/p99 under 100 concurrent closed-loop clients, against an anchor measured in the same run: /healthz
// at the same concurrency (the cost of HTTP and Fastify alone, on this machine, at this moment).
//
// The registry runs as operators run it: its own process, `nullops-registry serve` (dist/src/main.js),
// its settings in the environment (DATABASE_URL, NULLOPS_REGISTRY_PORT, …; NULLOPS_LOG_LEVEL=warn, the
// command's default). The load comes from this process through autocannon (keep-alive connections, one
// request in flight per connection), so the clients do not share the registry's event loop and heap. A
// second registry process on the same database runs with NULLOPS_REGISTRY_SEARCH_CACHE_SECONDS=0: the
// database path, measured with the same mix. Everything — PostgreSQL, both registries and the load —
// shares this machine's cores; the load average is printed before and after.
// Images name an unreachable registry, so publishing measures the registry itself (manifest check, scope,
// insert, summary), not a container registry. The database runs with synchronous_commit off (as the test
// databases do), so the figures measure the registry and PostgreSQL rather than this machine's fsync.
//
// The search mix is a seeded, deterministic stream modelled on the marketplace view, not a handful of
// fixed strings (which any cache answers from memory) and not uniformly random text (which no one types):
// - 30% browse: the view opens with no query (sorted by downloads), sometimes a category, official only,
//   or the next pages;
// - 30% one word as typed: a word of the plugins' vocabulary, whole (60%) or a prefix of 2+ letters (40%);
// - 10% two words; 15% an exact package name (scoped or short) — popularity over all 10,000 names, so
//   most of these are asked once or twice: the long tail a cache cannot hold;
// - 15% a word with filters and sorts (category, sort=downloads|updated, deprecated=false, official).
// Popularity follows Zipf's law (s = 1) over a seeded shuffle of the words, categories and names, as
// search logs do: a few questions are very common, most are rare. Every request asks limit=50, as the
// studio's marketplace does. The cache hit ratio printed is counted by the registry (/metrics), and the
// served series is also split by the x-nullops-search-cache header of each answer (hit, stale, shared,
// miss), so the figures say which answers the cache gave and what the others cost. A closed loop of 100
// clients that never pause is a stress test: every answer brings the next search at once, so once the
// database is the bottleneck nearly every client waits on a miss, and a miss waits about clients ÷ the
// database's searches per second (Little's law), whatever the cache does for the others.
// Before the series: download counts are skewed in the database (a few plugins installed a lot, so sorting
// by downloads means something), then a warm-up of 5,000 /healthz and 2,000 searches of another seed (a
// registry in use has been running; its JIT is warm). Both registries keep the other settings' defaults.
// Usage: npm run build && node registry/bench/search-and-publish.mjs [plugins=10000] [clients=100] [requests=20000] [uncachedRequests=4000]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URLSearchParams } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { freshDatabase } from '@nullops/core/testing';
import { searchStatement } from '../dist/src/packages/search.js';

const [plugins = 10_000, clients = 100, requests = 20_000, uncachedRequests = 4_000] = process.argv.slice(2).map(Number);
const WORDS = ['postgres', 'mysql', 'redis', 'kafka', 'seed', 'wait', 'http', 'tcp', 'keycloak', 'user', 'create', 'database', 'queue', 'mail', 'cache', 'search', 'index', 'backup', 'restore', 'migrate', 'schema', 'token', 'secret', 'bucket', 's3', 'minio', 'ldap', 'oauth', 'smtp', 'dns'];
const pick = (i, k) => WORDS[(i * 7 + k * 13) % WORDS.length];
const nameOf = (i) => `bench/${pick(i, 0)}-${pick(i, 1)}-${i}`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`;

// --- the registry, as its own process -------------------------------------------------------------
const database = await freshDatabase();
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET synchronous_commit TO off`);
const adminToken = `nra_${randomBytes(24).toString('base64url')}`;
const dataDir = mkdtempSync(join(tmpdir(), 'nullops-registry-bench-'));
const children = [];

async function startRegistryProcess(label, env) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../dist/src/main.js', import.meta.url)), 'serve'], {
    env: { ...process.env, DATABASE_URL: database.url, NULLOPS_REGISTRY_PORT: '0', NULLOPS_DATA_DIR: dataDir, NULLOPS_REGISTRY_ADMIN_TOKEN: adminToken, NULLOPS_REGISTRY_IMAGE_CHECK_TIMEOUT_MS: '500', NULLOPS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr.on('data', (chunk) => process.stderr.write(`[${label}] ${chunk}`));
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const url = /listening at (\S+)/.exec(seen)?.[1];
      if (url) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // later lines are not read
        resolve(url);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the ${label} registry exited (${code}) before listening: ${seen}`)));
  });
}

async function stopChildren() {
  await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })));
}

const base = await startRegistryProcess('registry', {});
const post = (path, body, token) => fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
const publisher = await (await post('/publishers', { scope: 'bench' }, adminToken)).json();
const token = publisher.token.token;

function manifest(i) {
  return {
    apiVersion: 'nullops.dev/v1', name: nameOf(i), version: '1.0.0', title: `${pick(i, 2)} ${pick(i, 3)} step ${i}`,
    description: `Does ${pick(i, 4)} with ${pick(i, 5)} and ${pick(i, 6)} for deployment ${i}.`, category: pick(i, 7), keywords: [pick(i, 8), pick(i, 9)],
    license: 'Apache-2.0', image: `127.0.0.1:1/bench/p${i}:1.0.0`, input: { type: 'object', properties: { value: { type: 'string' } } }, output: { type: 'object' }, actions: ['run'],
  };
}

// --- publish ---------------------------------------------------------------------------------------
console.log(`publishing ${plugins} plugins (16 concurrent publishers)… (${load()})`);
const started = performance.now();
let failures = 0;
let next = 0;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (next < plugins) {
    const i = next++;
    const m = manifest(i);
    const response = await post('/packages', { manifest: m, readme: `# ${m.title}\n\n${m.description}`, image: { reference: m.image, digest: `sha256:${randomBytes(32).toString('hex')}` } }, token);
    if (response.status !== 201) failures++;
    await response.arrayBuffer();
    if ((i + 1) % 2000 === 0) console.log(`  ${i + 1} published (${((i + 1) / ((performance.now() - started) / 1000)).toFixed(0)}/s)`);
  }
}));
const publishSeconds = (performance.now() - started) / 1000;
console.log(`publish: ${plugins} in ${publishSeconds.toFixed(1)} s = ${(plugins / publishSeconds).toFixed(0)} versions/s (${failures} failed)`);
// Downloads as a marketplace has them (a few plugins installed a lot), so sorting by downloads means something.
await admin.query(`update package set downloads = (1000000 / (1 + (hashtext(name) & 1023)))::bigint`);
await admin.query('vacuum analyze package');

// --- the query mix ---------------------------------------------------------------------------------
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled(items, rand) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
/** Picks from `items` with Zipf popularity (the first most often). */
function zipf(items, rand) {
  const cdf = new Float64Array(items.length);
  let sum = 0;
  for (let r = 0; r < items.length; r++) cdf[r] = sum += 1 / (r + 1);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}
function searchMix(seed) {
  const rand = random(seed);
  const word = zipf(shuffled(WORDS, rand), rand);
  const category = zipf(shuffled(WORDS, rand), rand);
  const name = zipf(shuffled(Array.from({ length: plugins }, (_, i) => i), rand), rand);
  const typed = () => {
    const w = word();
    return w.length > 2 && rand() < 0.4 ? w.slice(0, 2 + Math.floor(rand() * (w.length - 2))) : w;
  };
  return () => {
    const params = new URLSearchParams();
    const r = rand();
    if (r < 0.3) {
      const b = rand();
      if (b < 0.25) params.set('category', category());
      else if (b < 0.3) params.set('official', 'true');
      else if (b < 0.4) params.set('offset', rand() < 0.7 ? '50' : '100');
    } else if (r < 0.6) params.set('q', typed());
    else if (r < 0.7) {
      const first = word();
      let second = word();
      while (second === first) second = word();
      params.set('q', `${first} ${second}`);
    } else if (r < 0.85) {
      const full = nameOf(name());
      params.set('q', rand() < 0.5 ? full : full.slice('bench/'.length));
    } else {
      params.set('q', typed());
      if (rand() < 0.5) params.set('category', category());
      if (rand() < 0.5) params.set('sort', rand() < 0.5 ? 'downloads' : 'updated');
      if (rand() < 0.2) params.set('deprecated', 'false');
      if (rand() < 0.1) params.set('official', 'true');
    }
    params.set('limit', '50');
    return `/api/v1/search?${params}`;
  };
}

// --- the plans -------------------------------------------------------------------------------------
const uncachedBase = await startRegistryProcess('registry, cache off', { NULLOPS_REGISTRY_SEARCH_CACHE_SECONDS: '0' });
const literal = (statement, sql) => sql.replace(/(?<![:\w]):(\w+)/g, (whole, key) => (key in statement.bindings ? (statement.bindings[key] === null ? 'null' : admin.escapeLiteral(String(statement.bindings[key]))) : whole));
const planned = [
  ['one common word', { q: WORDS[0] }],
  ['a 2-letter prefix', { q: 're' }],
  ['two words', { q: `${WORDS[2]} ${WORDS[14]}` }],
  ['an exact name', { q: nameOf(1234) }],
  ['a word in a category, by downloads', { q: WORDS[4], category: WORDS[9], sort: 'downloads' }],
  ['browse (no query)', {}],
];
for (const [label, query] of planned) {
  const statement = searchStatement({ ...query, limit: 50, offset: 0 });
  const plan = (await admin.query(`explain (analyze, buffers) ${literal(statement, statement.page)}`)).rows.map((r) => r['QUERY PLAN']);
  const count = statement.countedInPage ? 'in the same pass' : `apart (when the page is full): ${(await admin.query(`explain (analyze) ${literal(statement, statement.count)}`)).rows.at(-1)['QUERY PLAN']}`;
  const matches = (await (await fetch(`${uncachedBase}/api/v1/search?${new URLSearchParams({ ...query, limit: '1' })}`)).json()).total;
  console.log(`EXPLAIN ANALYZE ${label} (${JSON.stringify(query)}, ${matches} matches): page ${plan.at(-1)}; total counted ${count}`);
  if (label === planned[0][0]) for (const line of plan) console.log(`    ${line}`);
}

// --- the series ------------------------------------------------------------------------------------
const cacheCounts = async (url) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts = {};
  for (const [, outcome, value] of text.matchAll(/^nullops_registry_search_cache_total\{outcome="(\w+)"\} (\d+)/gm)) counts[outcome] = Number(value);
  return counts;
};

const percentiles = (values) => {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const pct = (p) => sorted[Math.min(n - 1, Math.floor((p / 100) * n))];
  return { p50: pct(50), p99: pct(99), max: sorted[n - 1], over50: sorted.filter((ms) => ms >= 50).length / n, n };
};

/** `amount` requests from `clients` keep-alive connections, one in flight each; latencies overall and by the x-nullops-search-cache header. */
async function series(url, amount, path) {
  const latencies = [];
  const byOutcome = {};
  let outcome;
  let wrong = 0;
  const instance = autocannon({
    url, connections: clients, pipelining: 1, amount, timeout: 30,
    requests: [{ setupRequest: (request) => ({ ...request, path: path() }), onResponse: (_status, _body, _context, headers) => (outcome = headers['x-nullops-search-cache']) }],
  });
  // autocannon hands a response's headers (above) and then its latency, one after the other.
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    if (outcome) (byOutcome[outcome] ??= []).push(ms);
    outcome = undefined;
    if (status !== 200) wrong++;
  });
  const result = await instance;
  failures += wrong + result.errors + result.timeouts;
  return { ...percentiles(latencies), perSecond: latencies.length / (result.duration || 1), byOutcome: Object.fromEntries(Object.entries(byOutcome).map(([o, values]) => [o, percentiles(values)])) };
}

const before = load();
const mixed = (seed) => searchMix(seed);
await series(`${base}/healthz`, 5000, () => '/healthz'); // warm-up: JIT, connections
await series(base, 2000, mixed(1)); // warm-up: the registry has been running (another seed than the measured series)
const anchor = await series(base, requests, () => '/healthz');
const cacheBefore = await cacheCounts(base);
const served = await series(base, requests, mixed(2));
const cacheAfter = await cacheCounts(base);
const uncached = await series(uncachedBase, uncachedRequests, mixed(2));
const line = (label, s) =>
  console.log(`${label.padEnd(34)} p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms  max ${s.max.toFixed(0).padStart(5)} ms  ${s.perSecond ? `${s.perSecond.toFixed(0).padStart(6)} req/s` : `${String(s.n).padStart(6)} req  `}  ${(s.over50 * 100).toFixed(1).padStart(5)}% ≥ 50 ms  p99 ${(s.p99 / anchor.p99).toFixed(1)}× the anchor's`);
console.log(`\n${clients} concurrent clients, ${plugins} plugins; before the series: ${before}`);
line('anchor /healthz', anchor);
line('search, mix, as served', served);
for (const [outcome, s] of Object.entries(served.byOutcome)) line(`  of which ${outcome}`, s);
line('search, mix, cache off (database)', uncached);
const outcomes = Object.keys({ ...cacheBefore, ...cacheAfter });
const delta = Object.fromEntries(outcomes.map((o) => [o, (cacheAfter[o] ?? 0) - (cacheBefore[o] ?? 0)]));
const asked = Object.values(delta).reduce((a, b) => a + b, 0);
console.log(asked ? `served series, counted by the registry (/metrics): ${outcomes.map((o) => `${o} ${delta[o]} (${((delta[o] / asked) * 100).toFixed(1)}%)`).join(', ')} of ${asked} searches` : 'served series: the registry counts no cache outcomes (/metrics has no nullops_registry_search_cache_total)');
console.log(`goal: search p99 < 50 ms; publish ${(plugins / publishSeconds).toFixed(0)} versions/s; ${failures} failed requests; after the series: ${load()}`);

await stopChildren();
await admin.end();
await database.drop();
rmSync(dataDir, { recursive: true, force: true });
