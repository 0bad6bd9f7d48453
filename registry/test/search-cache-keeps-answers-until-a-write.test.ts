// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The search cache: an answer is kept for its time to live, identical searches in flight share one
// database query, a write forgets every answer (and one that was being computed during the write is not
// kept), the least recently used answer goes first when it is full, and a time to live of 0 turns it off.
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
  now += 1;
  t.equal(await cache.get('q', db.compute), 2, 'expired: the database is asked again');
  t.equal(db.calls, 2);
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
