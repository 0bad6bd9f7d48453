#!/usr/bin/env node
// Benchmark: publish throughput into a fresh registry (10,000 plugins by default), then search latency
// p50/p99 under 100 concurrent clients, against an anchor measured in the same run: /healthz at the same
// concurrency (the cost of HTTP and Fastify alone). Images name an unreachable registry, so publishing
// measures the registry itself (manifest check, scope, insert, summary), not a container registry.
// The database runs with synchronous_commit off (as the test databases do), so the figures measure the
// registry and PostgreSQL rather than the fsync latency of this machine's shared disk.
// Search runs twice: as served (answers kept for NULLOPS_REGISTRY_SEARCH_CACHE_SECONDS, identical searches
// in flight shared) and on a second registry process on the same database with the cache off, which
// measures the database path itself. Before the series, EXPLAIN ANALYZE of the real relevance statement.
// Usage: npm run build && node registry/bench/search-and-publish.mjs [plugins=10000] [clients=100] [requests=5000]
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { freshDatabase } from '@nullops/core/testing';
import { createRegistry, loadRegistryConfig } from '../dist/src/index.js';
import { searchStatement } from '../dist/src/packages/search.js';

const [plugins = 10_000, clients = 100, requests = 5_000] = process.argv.slice(2).map(Number);
const WORDS = ['postgres', 'mysql', 'redis', 'kafka', 'seed', 'wait', 'http', 'tcp', 'keycloak', 'user', 'create', 'database', 'queue', 'mail', 'cache', 'search', 'index', 'backup', 'restore', 'migrate', 'schema', 'token', 'secret', 'bucket', 's3', 'minio', 'ldap', 'oauth', 'smtp', 'dns'];
const pick = (i, k) => WORDS[(i * 7 + k * 13) % WORDS.length];

const database = await freshDatabase();
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query(`ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET synchronous_commit TO off`);
await admin.end();
const adminToken = `nra_${randomBytes(24).toString('base64url')}`;
const server = await createRegistry(loadRegistryConfig({}, { port: 0, logLevel: 'silent', imageCheckTimeoutMs: 500 }), { databaseUrl: database.url, adminToken, logger: false });
const base = await server.listen();
const post = (path, body, token) => fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
const publisher = await (await post('/publishers', { scope: 'bench' }, adminToken)).json();
const token = publisher.token.token;

function manifest(i) {
  const name = `bench/${pick(i, 0)}-${pick(i, 1)}-${i}`;
  return {
    apiVersion: 'nullops.dev/v1', name, version: '1.0.0', title: `${pick(i, 2)} ${pick(i, 3)} step ${i}`,
    description: `Does ${pick(i, 4)} with ${pick(i, 5)} and ${pick(i, 6)} for deployment ${i}.`, category: pick(i, 7), keywords: [pick(i, 8), pick(i, 9)],
    license: 'Apache-2.0', image: `127.0.0.1:1/bench/p${i}:1.0.0`, input: { type: 'object', properties: { value: { type: 'string' } } }, output: { type: 'object' }, actions: ['run'],
  };
}

async function pool(total, concurrency, task) {
  let next = 0;
  const latencies = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const started = performance.now();
      await task(i);
      latencies.push(performance.now() - started);
    }
  }));
  return latencies.sort((a, b) => a - b);
}
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const load = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;
console.log(`publishing ${plugins} plugins (16 concurrent publishers)… (${load()})`);
let started = performance.now();
let failures = 0;
await pool(plugins, 16, async (i) => {
  const m = manifest(i);
  const response = await post('/packages', { manifest: m, readme: `# ${m.title}\n\n${m.description}`, image: { reference: m.image, digest: `sha256:${randomBytes(32).toString('hex')}` } }, token);
  if (response.status !== 201) failures++;
  await response.arrayBuffer();
  if ((i + 1) % 1000 === 0) console.log(`  ${i + 1} published (${((i + 1) / ((performance.now() - started) / 1000)).toFixed(0)}/s)`);
});
const publishSeconds = (performance.now() - started) / 1000;
console.log(`publish: ${plugins} in ${publishSeconds.toFixed(1)} s = ${(plugins / publishSeconds).toFixed(0)} versions/s (${failures} failed)`);

const queries = ['postgres', 'redis cache', 'seed', 'wait http', 'keycloak user', 'bench/redis-kafka-12', 'mig', 'database backup', 'smtp', 'token secret'];
const uncachedServer = await createRegistry(loadRegistryConfig({}, { port: 0, logLevel: 'silent', searchCacheSeconds: 0 }), { databaseUrl: database.url, adminToken, logger: false });
const uncachedBase = await uncachedServer.listen();
const knex = server.app.orm.em.getKnex();
for (const q of ['postgres', 'redis cache']) {
  const statement = searchStatement({ q, limit: 20, offset: 0 });
  const plan = await server.app.orm.em.getConnection().execute(`explain (analyze, buffers) ${knex.raw(statement.page, statement.bindings).toQuery()}`);
  console.log(`EXPLAIN ANALYZE search q=${JSON.stringify(q)} (the page; the total is counted apart only when the page is full):`);
  for (const row of plan) console.log(`  ${row['QUERY PLAN']}`);
  const counted = await server.app.orm.em.getConnection().execute(`explain (analyze) ${knex.raw(statement.count, statement.bindings).toQuery()}`);
  console.log(`  count: ${counted.at(-1)['QUERY PLAN']}`);
}

const get = async (path, at = base) => {
  const response = await fetch(`${at}${path}`);
  if (response.status !== 200) failures++;
  await response.arrayBuffer();
};
await pool(200, clients, (i) => get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length])}`)); // warm-up
const anchor = await pool(requests, clients, () => get('/healthz'));
started = performance.now();
const search = await pool(requests, clients, (i) => get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length])}&limit=20`));
const searchSeconds = (performance.now() - started) / 1000;
const filtered = await pool(requests, clients, (i) => get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length])}&category=${WORDS[i % WORDS.length]}&sort=downloads`));
started = performance.now();
const uncached = await pool(requests, clients, (i) => get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length])}&limit=20`, uncachedBase));
const uncachedSeconds = (performance.now() - started) / 1000;
const uncachedFiltered = await pool(requests, clients, (i) => get(`/api/v1/search?q=${encodeURIComponent(queries[i % queries.length])}&category=${WORDS[i % WORDS.length]}&sort=downloads`, uncachedBase));
const line = (label, sorted, seconds) =>
  console.log(`${label.padEnd(30)} p50 ${pct(sorted, 50).toFixed(1).padStart(7)} ms  p99 ${pct(sorted, 99).toFixed(1).padStart(7)} ms${seconds ? `  (${(requests / seconds).toFixed(0)} req/s)` : ''}  p99 ${(pct(sorted, 99) / pct(anchor, 99)).toFixed(1)}× the anchor's`);
line('anchor /healthz', anchor);
line('search (relevance)', search, searchSeconds);
line('search (filtered)', filtered);
line('search, cache off (relevance)', uncached, uncachedSeconds);
line('search, cache off (filtered)', uncachedFiltered);
console.log(`${clients} concurrent clients, ${requests} requests each series, ${plugins} plugins; goal: search p99 < 50 ms; ${failures} failed requests; ${load()} at the end`);
await uncachedServer.close();
await server.close();
await database.drop();
