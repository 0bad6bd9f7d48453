// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The search cache: an answer is kept for its time to live; past it, for one more time to live, the kept
// answer is served while one search refreshes it (stale-while-revalidate); identical searches in flight share
// one database query; a write forgets every answer (and one that was being computed during the write is
// not kept); the least recently used answer goes first when it is full; a time to live of 0 turns it off;
// every search is counted by how it was answered.
import t from 'tap';
import { SearchCache } from '../src/packages/search-cache.js';

function counter() {
  let calls = 0;
  return { compute: async () => ++calls, get calls() { return calls; } };
}

t.test('kept for the time to live, then asked again', async (t) => {
  let now = 1000;
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 }, () => now);
  const db = counter();
  t.equal(await cache.get('q', db.compute), 1);
  now += 4999;
  t.equal(await cache.get('q', db.compute), 1, 'still the kept answer');
  t.equal(db.calls, 1);
  now += 1;
  await cache.get('q', db.compute);
  t.equal(db.calls, 2, 'expired: the database is asked again');
  await Promise.resolve();
  t.equal(await cache.get('q', db.compute), 2, 'and its answer is kept');
  t.equal(db.calls, 2);
});

t.test('past its time the kept answer is served while one search refreshes it, never waiting for the database', async (t) => {
  let now = 1000;
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 }, () => now);
  let calls = 0;
  let release!: () => void;
  const slow = () => new Promise<number>((resolve) => (release = () => resolve(++calls)));
  const first = cache.get('q', slow);
  release();
  t.equal(await first, 1);
  now += 5000 + 4999; // expired, but within one more time to live
  t.equal(await cache.get('q', slow), 1, 'the kept answer at once, although the refresh has not answered');
  t.equal(await cache.get('q', slow), 1, 'again, while the refresh runs');
  t.equal(calls, 1, 'the refresh has not answered yet');
  release();
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(calls, 2, 'one refresh for both searches');
  t.equal(await cache.get('q', slow), 2, 'then the refreshed answer');
  t.same(cache.outcomes, { miss: 1, stale: 2, hit: 1, shared: 0 });
});

t.test('an answer more than one time to live past its time is not served: the search waits for the database', async (t) => {
  let now = 1000;
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 }, () => now);
  const db = counter();
  await cache.get('q', db.compute);
  now += 10_000;
  t.equal(await cache.get('q', db.compute), 2);
});

t.test('after a write, an expired answer is not served either', async (t) => {
  let now = 1000;
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 }, () => now);
  const db = counter();
  await cache.get('q', db.compute);
  now += 6000;
  cache.clear();
  t.equal(await cache.get('q', db.compute), 2, 'the write is shown at once');
});

t.test('a refresh that fails leaves the kept answer served until it is too old, and the next search tries again', async (t) => {
  let now = 1000;
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 }, () => now);
  await cache.get('q', async () => 1);
  now += 6000;
  let failures = 0;
  const failing = async () => {
    failures++;
    throw new Error('database down');
  };
  t.equal(await cache.get('q', failing), 1);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(await cache.get('q', failing), 1, 'still served');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(failures, 2, 'each search past the time tried a refresh, one at a time');
  now += 5000;
  await t.rejects(cache.get('q', failing), /database down/, 'too old: the search waits for the database and gets its error');
});

t.test('identical searches in flight share one query; different ones do not', async (t) => {
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 });
  let release!: () => void;
  let calls = 0;
  const slow = () => new Promise<number>((resolve) => (release = () => resolve(++calls)));
  const answers = Promise.all([cache.get('q', slow), cache.get('q', slow), cache.get('q', slow)]);
  release();
  t.same(await answers, [1, 1, 1]);
  t.equal(calls, 1, 'one query for three requests');
  t.same(cache.outcomes, { miss: 1, shared: 2, hit: 0, stale: 0 });
  t.equal(await cache.get('other', async () => 42), 42);
});

t.test('a write forgets every answer, and an answer computed across a write is not kept', async (t) => {
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 });
  const db = counter();
  await cache.get('q', db.compute);
  cache.clear();
  t.equal(cache.size, 0);
  t.equal(await cache.get('q', db.compute), 2, 'asked again after the write');

  let release!: () => void;
  const during = cache.get('r', () => new Promise<number>((resolve) => (release = () => resolve(7))));
  cache.clear(); // a publish lands while the search runs
  release();
  t.equal(await during, 7, 'the caller still gets its answer');
  t.equal(await cache.get('r', async () => 8), 8, 'but it was not kept: it may predate the write');
});

t.test('a failed search is not kept', async (t) => {
  const cache = new SearchCache<number>({ ttlMs: 5000, maxEntries: 10 });
  await t.rejects(cache.get('q', async () => Promise.reject(new Error('database down'))), /database down/);
  t.equal(await cache.get('q', async () => 3), 3);
});

t.test('full: the least recently used goes first', async (t) => {
  const cache = new SearchCache<string>({ ttlMs: 5000, maxEntries: 2 });
  await cache.get('a', async () => 'a1');
  await cache.get('b', async () => 'b1');
  await cache.get('a', async () => 'a2'); // a is now the most recently used
  await cache.get('c', async () => 'c1'); // b goes
  t.equal(cache.size, 2);
  t.equal(await cache.get('a', async () => 'a3'), 'a1', 'a kept');
  t.equal(await cache.get('b', async () => 'b2'), 'b2', 'b was dropped');
});

t.test('a time to live of 0 asks every time; the key ignores field order', async (t) => {
  const cache = new SearchCache<number>({ ttlMs: 0, maxEntries: 10 });
  const db = counter();
  await cache.get('q', db.compute);
  await cache.get('q', db.compute);
  t.equal(db.calls, 2);
  t.equal(SearchCache.key({ q: 'x', limit: 20, official: undefined }), SearchCache.key({ limit: 20, q: 'x' }));
  t.not(SearchCache.key({ q: 'x', limit: 20 }), SearchCache.key({ q: 'x', limit: 21 }));
});
