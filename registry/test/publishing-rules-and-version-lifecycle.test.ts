// Publishing against a real registry on PostgreSQL, with images in the local container registry: a
// version is published once (409 after), only under the token's scope, only with a valid manifest whose
// image label matches; bad input gets a clear 4xx. Yanked versions leave range resolution but install by
// exact version; deprecation carries a message. The operational endpoints and discovery answer.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { ANONYMOUS_REGISTRY } from '@nullops/core/testing';
import { fakeDigest, pluginManifest, pushPluginImage, startTestRegistry, UNREACHABLE_IMAGE_HOST } from './support/registry.js';

const registry = await startTestRegistry();
t.teardown(() => registry.close());
const { api } = registry;
const suffix = randomBytes(3).toString('hex');
const acme = `acme-${suffix}`;
const globex = `globex-${suffix}`;
const acmeToken = await registry.createPublisher(acme);
const globexToken = await registry.createPublisher(globex);

const name = `${acme}/seed-orders`;
const v100 = pluginManifest(name, '1.0.0');
const digest100 = pushPluginImage(v100);
const v110 = pluginManifest(name, '1.1.0');
const digest110 = pushPluginImage(v110);
const publish = (manifest: object, digest: string, token = acmeToken, extra: object = {}) => api('POST', '/packages', { manifest, image: { reference: (manifest as { image: string }).image, digest }, ...extra }, token);

t.test('discovery and operational endpoints answer', async (t) => {
  t.match(await api('GET', '/.well-known/nullops.json'), { status: 200, body: { apiVersion: 'nullops.dev/v1', api: '/api/v1', contractVersions: ['nullops.dev/v1'] } });
  t.match(await api('GET', '/healthz'), { status: 200, body: { status: 'ok' } });
  t.match(await api('GET', '/readyz'), { status: 200, body: { status: 'ready' } });
  t.match((await api('GET', '/metrics')).body, /nullops_registry_http_request_duration_seconds/);
  const openapi = await api('GET', '/openapi.json');
  t.ok(openapi.body.paths['/api/v1/packages'], 'the OpenAPI document lists the publish route');
});

t.test('a version is published once, with its README and changelog', async (t) => {
  const first = await publish(v100, digest100, acmeToken, { readme: '# Seed orders\nFills the shop.', changelog: '## 1.0.0\nFirst.' });
  t.equal(first.status, 201, JSON.stringify(first.body));
  t.match(first.body, { name, version: '1.0.0' });
  t.match(await publish(v100, digest100), { status: 409, body: { error: { code: 'VERSION_EXISTS', message: /immutable/ } } }, 'the same version again is 409');
  t.equal((await publish(v110, digest110)).status, 201);
  const record = await api('GET', `/packages/${name}/versions/1.0.0`);
  t.match(record.body, { name, version: '1.0.0', readme: /Fills the shop/, changelog: /First/, image: { reference: v100.image, digest: digest100 }, imageChecked: true, yanked: false });
  const view = await api('GET', `/packages/${name}`);
  t.match(view.body, { name, latestVersion: '1.1.0', publisher: { scope: acme, official: false, verified: false }, input: { properties: { greeting: {} } } });
  t.same(view.body.versions.map((v: { version: string }) => v.version), ['1.1.0', '1.0.0'], 'versions newest first');
});

t.test("one publisher's token cannot publish under another's scope", async (t) => {
  const theirs = pluginManifest(`${acme}/intruder`, '1.0.0', { image: `${UNREACHABLE_IMAGE_HOST}/x/intruder:1.0.0` });
  t.match(await publish(theirs, fakeDigest(), globexToken), { status: 403, body: { error: { code: 'SCOPE_FORBIDDEN', message: new RegExp(`"${globex}".*"${acme}"`) } } });
  t.match(await publish(theirs, fakeDigest(), ''), { status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  t.match(await publish(theirs, fakeDigest(), 'nrp_not-a-token'), { status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
  t.equal((await api('GET', `/packages/${acme}/intruder`)).status, 404, 'nothing was published');
});

t.test('bad manifests, oversized READMEs and unknown fields get clear 4xx', async (t) => {
  const offline = (version: string, overrides: object = {}) => pluginManifest(`${acme}/broken`, version, { image: `${UNREACHABLE_IMAGE_HOST}/x/broken:${version}`, ...overrides });
  const noTitle: Record<string, unknown> = offline('1.0.0');
  delete noTitle.title;
  const missing = await publish(noTitle, fakeDigest());
  t.match(missing, { status: 422, body: { error: { code: 'PLUGIN_INVALID', details: { errors: [{ path: '/manifest/title' }] } } } });
  const badSchema = await publish(offline('1.0.0', { input: { type: 'no-such-type' } }), fakeDigest());
  t.match(badSchema, { status: 422, body: { error: { code: 'PLUGIN_INVALID', details: { errors: [{ path: /^\/manifest\/input/, message: /not a valid JSON Schema/ }] } } } }, 'input must compile as a JSON Schema');
  t.match(await publish(offline('1.0.0', { surprise: true }), fakeDigest()), { status: 422, body: { error: { code: 'PLUGIN_INVALID', message: /surprise|additional/i } } }, 'unknown manifest fields are refused');
  t.match(await publish(offline('1.0.0'), fakeDigest(), acmeToken, { extra: 1 }), { status: 400, body: { error: { code: 'VALIDATION_FAILED', details: { errors: [{ path: 'body/extra' }] } } } }, 'unknown request fields are refused');
  t.match(await api('POST', '/packages', { manifest: offline('1.0.0'), image: { reference: 'x', digest: 'sha256:short' } }, acmeToken), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } }, 'a digest must be a sha256 digest');
  const huge = 'x'.repeat(256 * 1024 + 1);
  t.match(await publish(offline('1.0.0'), fakeDigest(), acmeToken, { readme: huge }), { status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: /readme.*262145 bytes.*262144/ } } });
  t.match(await publish(offline('1.0.0', { image: `${UNREACHABLE_IMAGE_HOST}/x/other:1.0.0` }), fakeDigest(), acmeToken, { image: { reference: `${UNREACHABLE_IMAGE_HOST}/x/broken:1.0.0`, digest: fakeDigest() } }), { status: 422, body: { error: { details: { errors: [{ path: '/image/reference' }] } } } }, 'the image must be the manifest’s');
  t.match(await api('POST', '/packages', '{"manifest":', acmeToken), { status: 400, body: { error: { code: 'BAD_JSON' } } });
  t.equal((await api('GET', `/packages/${acme}/broken`)).status, 404, 'none of it was published');
});

t.test('the image label must be the published manifest when its registry answers', async (t) => {
  const manifest = pluginManifest(`${acme}/labelled`, '2.0.0');
  const digest = pushPluginImage(manifest, { ...manifest, version: '1.9.0' });
  t.match(await publish(manifest, digest), { status: 422, body: { error: { code: 'PLUGIN_INVALID', details: { errors: [{ path: '/image', message: /label describes .*@1\.9\.0/ }] } } } });
  const absent = pluginManifest(`${acme}/labelled`, '2.0.1');
  t.match(await publish(absent, fakeDigest()), { status: 422, body: { error: { details: { errors: [{ path: '/image/digest', message: new RegExp(`${ANONYMOUS_REGISTRY.replace(/\./g, '\\.')}.*push it first`) }] } } } }, 'a digest the registry does not have');
  const offline = pluginManifest(`${acme}/offline`, '1.0.0', { image: `${UNREACHABLE_IMAGE_HOST}/x/offline:1.0.0` });
  const accepted = await publish(offline, fakeDigest());
  t.equal(accepted.status, 201, 'an unreachable container registry does not block publishing');
  t.match((await api('GET', `/packages/${acme}/offline/versions/1.0.0`)).body, { imageChecked: false }, 'and the record says the label was not checked');
});

t.test('yanked versions leave range resolution; deprecation carries a message', async (t) => {
  t.match((await api('GET', `/packages/${name}/resolve?range=^1`)).body, { version: '1.1.0' });
  t.equal((await api('PATCH', `/packages/${name}/versions/1.1.0`, { yanked: true }, globexToken)).status, 403, 'only the scope’s publisher may yank');
  t.match(await api('PATCH', `/packages/${name}/versions/1.1.0`, { yanked: true }, acmeToken), { status: 200, body: { yanked: true } });
  t.match((await api('GET', `/packages/${name}/resolve?range=^1`)).body, { version: '1.0.0' }, '^1 no longer picks the yanked 1.1.0');
  t.match((await api('GET', `/packages/${name}/resolve?range=1.1.0`)), { status: 404 }, 'not even when named as a range');
  t.match((await api('GET', `/packages/${name}/versions/1.1.0`)).body, { version: '1.1.0', yanked: true, image: { digest: digest110 } }, 'the exact version is still there to install');
  t.match((await api('GET', `/packages/${name}`)).body, { latestVersion: '1.0.0' }, 'the package shows the highest version not yanked');
  t.match(await api('GET', `/packages/${name}/resolve?range=not a range`), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });

  t.match(await api('PATCH', `/packages/${name}/versions/1.0.0`, { deprecated: 'Use acme/seed-everything instead.' }, acmeToken), { status: 200, body: { deprecated: 'Use acme/seed-everything instead.' } });
  t.match((await api('GET', `/packages/${name}`)).body, { deprecated: 'Use acme/seed-everything instead.' });
  const hidden = await api('GET', `/search?q=seed-orders&deprecated=false`);
  t.notOk(hidden.body.items.some((i: { name: string }) => i.name === name), 'deprecated=false hides it from search');
  const shown = await api('GET', `/search?q=seed-orders&deprecated=true`);
  t.match(shown.body.items, [{ name, deprecated: 'Use acme/seed-everything instead.' }]);
});

t.test('installs are counted', async (t) => {
  t.equal((await api('POST', `/packages/${name}/versions/1.0.0/downloads`)).status, 204);
  t.equal((await api('POST', `/packages/${name}/versions/1.0.0/downloads`)).status, 204);
  t.match((await api('GET', `/packages/${name}`)).body, { downloads: 2, versions: [{ version: '1.1.0', downloads: 0 }, { version: '1.0.0', downloads: 2 }] });
  t.equal((await api('POST', `/packages/${name}/versions/9.9.9/downloads`)).status, 404);
});

t.test('the admin marks a publisher official; a publisher may not', async (t) => {
  t.match(await api('PATCH', `/publishers/${acme}`, { official: true }, acmeToken), { status: 403, body: { error: { code: 'FORBIDDEN' } } });
  t.match(await api('PATCH', `/publishers/${acme}`, { official: true }, registry.adminToken), { status: 200, body: { official: true } });
  t.match((await api('GET', `/search?q=${encodeURIComponent(name)}`)).body.items[0], { name, publisher: { official: true } });
  t.match(await api('POST', '/publishers', { scope: acme }, registry.adminToken), { status: 409, body: { error: { code: 'NAME_TAKEN' } } });
  t.match(await api('POST', '/publishers', { scope: 'newcomer' }, acmeToken), { status: 403 }, 'only the admin creates publishers');
});
