// Search on real PostgreSQL full-text: an exact name match ranks above a description match, words match
// as prefixes across name, title, keywords and description; filters (category, official, verified,
// contract version), sorts (downloads, recently updated) and paging with totals; each answer says how the
// kept answers served it (a header) and /metrics counts them.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { fakeDigest, pluginManifest, startTestRegistry, UNREACHABLE_IMAGE_HOST } from './support/registry.js';

const registry = await startTestRegistry();
t.teardown(() => registry.close());
const { api } = registry;
const word = `zq${randomBytes(3).toString('hex')}`;
const official = `off-${randomBytes(2).toString('hex')}`;
const community = `com-${randomBytes(2).toString('hex')}`;
const officialToken = await registry.createPublisher(official);
const communityToken = await registry.createPublisher(community);
await api('PATCH', `/publishers/${official}`, { official: true }, registry.adminToken);

async function publish(token: string, name: string, fields: Record<string, unknown>, version = '1.0.0') {
  const manifest = pluginManifest(name, version, { image: `${UNREACHABLE_IMAGE_HOST}/x/${name.replace('/', '-')}:${version}`, ...fields });
  const response = await api('POST', '/packages', { manifest, image: { reference: manifest.image, digest: fakeDigest() } }, token);
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
}

// Mentions the word many times in its description and keywords; the other is named exactly the word.
await publish(communityToken, `${community}/mailer`, { title: 'Mailer', description: `${word} ${word} ${word} sends mail after ${word}`, keywords: [word], category: 'notify' });
await publish(officialToken, `${official}/${word}`, { title: 'Something else', description: 'Unrelated text.', keywords: [], category: 'data' });
await publish(communityToken, `${community}/titled`, { title: `The ${word} tool`, description: 'No mention.', category: 'data' });
for (let i = 0; i < 5; i++) await publish(communityToken, `${community}/page-${i}`, { title: `Paged ${word}-paged ${i}`, description: 'For paging.', category: 'paging' });

t.test('an exact name match ranks above description, keyword and title matches', async (t) => {
  const result = await api('GET', `/search?q=${word}`);
  t.equal(result.status, 200);
  t.equal(result.body.items[0].name, `${official}/${word}`, 'the package named exactly the word comes first');
  t.ok(result.body.items.findIndex((i: { name: string }) => i.name === `${community}/titled`) < result.body.items.findIndex((i: { name: string }) => i.name === `${community}/mailer`), 'a title match ranks above a description match');
  t.match((await api('GET', `/search?q=${official}/${word}`)).body.items[0], { name: `${official}/${word}`, publisher: { scope: official, official: true } }, 'the full scoped name too');
  t.equal((await api('GET', `/search?q=${word.slice(0, 5)}`)).body.total, 8, 'words match as prefixes');
  t.equal((await api('GET', '/search?q=nothing-matches-this-at-all')).body.total, 0);
});

t.test('filters', async (t) => {
  t.same((await api('GET', `/search?q=${word}&official=true`)).body.items.map((i: { name: string }) => i.name), [`${official}/${word}`]);
  t.equal((await api('GET', `/search?q=${word}&official=false`)).body.total, 7);
  t.equal((await api('GET', `/search?q=${word}&category=notify`)).body.total, 1);
  t.equal((await api('GET', `/search?q=${word}&verified=true`)).body.total, 0, 'nobody proved a domain');
  t.equal((await api('GET', `/search?q=${word}&contractVersion=nullops.dev/v1`)).body.total, 8);
  t.equal((await api('GET', `/search?q=${word}&contractVersion=nullops.dev/v9`)).body.total, 0);
  t.match(await api('GET', '/search?sort=loudest'), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  t.match(await api('GET', '/search?limit=1000'), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
});

t.test('sorts and pages with totals', async (t) => {
  for (let i = 0; i < 3; i++) await api('POST', `/packages/${community}/page-3/versions/1.0.0/downloads`);
  await api('POST', `/packages/${community}/page-1/versions/1.0.0/downloads`);
  t.same((await api('GET', `/search?category=paging&sort=downloads&limit=2`)).body.items.map((i: { name: string }) => i.name), [`${community}/page-3`, `${community}/page-1`]);
  await publish(communityToken, `${community}/page-0`, { title: `Paged ${word}-paged 0`, description: 'For paging.', category: 'paging' }, '1.1.0');
  t.equal((await api('GET', `/search?category=paging&sort=updated`)).body.items[0].name, `${community}/page-0`, 'recently updated first');
  const first = (await api('GET', `/search?category=paging&sort=downloads&limit=2&offset=0`)).body;
  const second = (await api('GET', `/search?category=paging&sort=downloads&limit=2&offset=2`)).body;
  const beyond = (await api('GET', `/search?category=paging&sort=downloads&limit=2&offset=10`)).body;
  t.equal(first.total, 5);
  t.equal(second.total, 5);
  t.same(beyond, { items: [], total: 5 }, 'a page past the end still says the total');
  t.equal(new Set([...first.items, ...second.items].map((i: { name: string }) => i.name)).size, 4, 'pages do not overlap');
});

t.test('a name whose words PostgreSQL would read as numbers is still found first by its exact name', async (t) => {
  // The parser reads "tool-1-2" as "tool", "-1", "-2": the vector holds the name's plain words instead.
  await publish(communityToken, `${community}/${word}-1-2`, { title: 'Numbered', description: `Mentions ${word}-1-2 and ${word} in passing.`, category: 'numbered' });
  t.equal((await api('GET', `/search?q=${word}-1-2`)).body.items[0].name, `${community}/${word}-1-2`);
  t.equal((await api('GET', `/search?q=${community}/${word}-1-2`)).body.items[0].name, `${community}/${word}-1-2`, 'the scoped name too');
});

t.test('a search right after a write answers with the write, although answers are kept', async (t) => {
  const before = (await api('GET', `/search?q=${word}&category=fresh`)).body;
  t.equal(before.total, 0);
  t.equal((await api('GET', `/search?q=${word}&category=fresh`)).body.total, 0, 'asked twice: the second is the kept answer');
  await publish(communityToken, `${community}/fresh`, { title: `Fresh ${word}`, description: 'New.', category: 'fresh' });
  t.match((await api('GET', `/search?q=${word}&category=fresh`)).body, { total: 1, items: [{ name: `${community}/fresh`, downloads: 0 }] }, 'the publish shows at once');
  await api('POST', `/packages/${community}/fresh/versions/1.0.0/downloads`);
  t.match((await api('GET', `/search?q=${word}&category=fresh`)).body, { items: [{ downloads: 1 }] }, 'so does a counted install');
  await api('PATCH', `/packages/${community}/fresh/versions/1.0.0`, { deprecated: 'use another' }, communityToken);
  t.match((await api('GET', `/search?q=${word}&category=fresh`)).body, { items: [{ deprecated: 'use another' }] }, 'and a deprecation');
});

t.test('a search is sent as JSON, says how it was answered, and /metrics counts searches by it', async (t) => {
  const outcomes = async () => {
    const text = (await api('GET', '/metrics')).body as string;
    return Object.fromEntries([...text.matchAll(/^nullops_registry_search_cache_total\{outcome="(\w+)"\} (\d+)$/gm)].map(([, outcome, count]) => [outcome, Number(count)]));
  };
  const before = await outcomes();
  const response = await fetch(`${registry.url}/api/v1/search?q=${word}&category=counted`);
  t.match(response.headers.get('content-type'), /^application\/json/);
  t.equal(response.headers.get('x-nullops-search-cache'), 'miss', 'the response says the database answered');
  t.same(await response.json(), { items: [], total: 0 });
  const again = await fetch(`${registry.url}/api/v1/search?q=${word}&category=counted`);
  t.equal(again.headers.get('x-nullops-search-cache'), 'hit', 'and then the kept answer');
  t.same(await again.json(), { items: [], total: 0 });
  const after = await outcomes();
  t.equal(after.miss - before.miss, 1, 'the first asked the database');
  t.equal(after.hit - before.hit, 1, 'the second was the kept answer');
  t.equal(after.stale, before.stale);
});
