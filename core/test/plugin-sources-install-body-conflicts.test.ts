// POST /plugins takes one of two bodies: a manifest ({manifest, registryId?}) or a plugin source
// ({source, name, version | range}). A body that mixes them, gives both version and range, or leaves a
// source install without name or version gets 400 VALIDATION_FAILED naming the fields, not the schema's
// "must match a schema in anyOf"; nothing is installed; the caller's access is still checked first.
import t from 'tap';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/index.js';

const tcp = await startTestControlPlane();
t.teardown(() => tcp.close());
const admin = { cookie: await signIn(tcp.app, TEST_ADMIN.username, TEST_ADMIN.password) };
// A source nobody answers for: a body that passes the conflict check goes on to it and gets 502.
const source = (await call(tcp.app, admin, 'POST', '/api/v1/plugin-sources', { name: 'nowhere', url: 'http://127.0.0.1:1' })).body;
const install = (body: unknown, as: { cookie?: string } | null = admin) => call(tcp.app, as, 'POST', '/api/v1/plugins', body);
const manifest = { apiVersion: 'nullops.dev/v1', name: 'acme/x', version: '1.0.0' };

t.test('version and range together: both are named', async (t) => {
  const answer = await install({ source: source.id, name: 'acme/x', version: '1.0.0', range: '^1' });
  t.equal(answer.status, 400);
  t.equal(answer.body.error.code, 'VALIDATION_FAILED');
  t.equal(answer.body.error.message, 'Give "version" (an exact version) or "range" (a semver range such as ^1.2), not both.');
  t.same(answer.body.error.details.errors.map((e: { path: string }) => e.path), ['body/version', 'body/range']);
});

t.test('a source install with a manifest body: the two groups of fields are named', async (t) => {
  const answer = await install({ source: source.id, name: 'acme/x', version: '1.0.0', manifest });
  t.equal(answer.status, 400);
  t.equal(answer.body.error.code, 'VALIDATION_FAILED');
  t.match(answer.body.error.message, /^Install either from a manifest .* or from a plugin source .*, not both: the body has "manifest" and "source", "name", "version"\.$/);
  t.same(answer.body.error.details.errors, [
    { path: 'body/manifest', message: 'conflicts with "source", "name", "version"' },
    { path: 'body/source', message: 'conflicts with "manifest"' },
    { path: 'body/name', message: 'conflicts with "manifest"' },
    { path: 'body/version', message: 'conflicts with "manifest"' },
  ]);
  const registryAndRange = await install({ manifest, registryId: source.id, range: '^1' });
  t.match(registryAndRange, { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: /the body has "manifest", "registryId" and "range"/ } } });
});

t.test('a source install missing its name or its version says what is missing', async (t) => {
  t.match(await install({ source: source.id, name: 'acme/x' }), { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: /lacks "version" or "range"\.$/, details: { errors: [{ path: 'body/version' }] } } } });
  t.match(await install({ source: source.id, range: '^1' }), { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: /lacks "name"\.$/, details: { errors: [{ path: 'body/name' }] } } } });
  t.match(await install({ name: 'acme/x', version: '1.0.0' }), { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: /lacks "source"\.$/ } } });
});

t.test('nothing was installed, a well-formed body reaches the source, and access is checked first', async (t) => {
  t.equal((await call(tcp.app, admin, 'GET', '/api/v1/plugins')).body.total, 0, 'no plugin was installed');
  t.match(await install({ source: source.id, name: 'acme/x', range: '^1' }), { status: 502, body: { error: { code: 'REGISTRY_UNREACHABLE' } } }, 'one way of installing goes on to the source');
  t.match(await install({ source: source.id, name: 'acme/x', version: '1.0.0', range: '^1' }, null), { status: 401, body: { error: { code: 'UNAUTHENTICATED' } } }, 'an anonymous caller learns nothing about the body');
});
