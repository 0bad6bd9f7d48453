// Services read their tags live from real registries (the anonymous and the htpasswd one of the test
// infrastructure): filtered by the service's pattern, newest first, paginated through `Link` headers,
// cached briefly — and every registry failure is a clear 502 with its own code, never a 500.
import t from 'tap';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient } from '../src/modules/catalog/registry-client.js';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/index.js';
import { ANONYMOUS_REGISTRY, SECURED_CREDENTIALS, SECURED_REGISTRY, pushTag, pushTags, uniqueRepository } from './fixtures/registry-images.js';

const TAGS = ['v1.2.0', 'v1.10.0', 'v1.9.0', 'v2.0.0', 'feature-login', 'latest'];

t.test('tags from the anonymous and the secured registry', async (t) => {
  const anonymousRepo = uniqueRepository('tags-anon');
  const securedRepo = uniqueRepository('tags-secured');
  await pushTags(ANONYMOUS_REGISTRY, anonymousRepo, TAGS);
  await pushTags(SECURED_REGISTRY, securedRepo, ['v1.0.0', 'v1.1.0', 'v0.9.0'], SECURED_CREDENTIALS);

  const cp = await startTestControlPlane();
  t.teardown(cp.close);
  const admin = { cookie: await signIn(cp.app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const api = (method: string, url: string, body?: unknown) => call(cp.app, admin, method, `/api/v1${url}`, body);

  const anonymous = await api('POST', '/registries', { name: 'local', url: `http://${ANONYMOUS_REGISTRY}` });
  t.equal(anonymous.status, 201);
  const secured = await api('POST', '/registries', { name: 'secured', url: `http://${SECURED_REGISTRY}`, ...SECURED_CREDENTIALS });
  t.equal(secured.status, 201);
  t.match(secured.body, { username: 'nullops-test', hasPassword: true });
  t.notMatch(secured.raw, /nullops-test-password/, 'the password is never returned');

  const service = async (name: string, registryId: string, image: string, extra: Record<string, unknown>) => {
    const created = await api('POST', '/services', { name, registryId, image, ports: [{ name: 'http', port: 80, ingress: true }], ...extra });
    t.equal(created.status, 201, `service ${name}: ${created.raw}`);
    return created.body.id as string;
  };

  await t.test('a selectable service with a pattern lists only its tags, newest first', async (t) => {
    const id = await service('web-v1', anonymous.body.id, anonymousRepo, { tagMode: 'selectable', tagPattern: 'v1.*' });
    const tags = await api('GET', `/services/${id}/tags`);
    t.equal(tags.status, 200);
    t.same(tags.body, { items: [{ tag: 'v1.10.0' }, { tag: 'v1.9.0' }, { tag: 'v1.2.0' }], total: 3 });
  });

  await t.test('without a pattern every tag comes back, semver first', async (t) => {
    const id = await service('web-all', anonymous.body.id, anonymousRepo, { tagMode: 'selectable' });
    const tags = await api('GET', `/services/${id}/tags?limit=2&offset=1`);
    t.same(tags.body, { items: [{ tag: 'v1.10.0' }, { tag: 'v1.9.0' }], total: 6 });
  });

  await t.test('a pinned service returns its one tag', async (t) => {
    const id = await service('web-pinned', anonymous.body.id, anonymousRepo, { tagMode: 'pinned', tag: 'v2.0.0' });
    t.same((await api('GET', `/services/${id}/tags`)).body, { items: [{ tag: 'v2.0.0' }], total: 1 });
  });

  await t.test('the secured registry lists with its credentials', async (t) => {
    const id = await service('secured-web', secured.body.id, securedRepo, { tagMode: 'selectable', tagPattern: 'v1.*' });
    t.same((await api('GET', `/services/${id}/tags`)).body, { items: [{ tag: 'v1.1.0' }, { tag: 'v1.0.0' }], total: 2 });
    const check = await api('POST', `/registries/${secured.body.id}/test`);
    t.same(check.body, { ok: true, message: `http://${SECURED_REGISTRY} answers and accepts the credentials of "nullops-test".` });
  });

  await t.test('tags are cached briefly; changing the registry reads them afresh', async (t) => {
    const id = await service('cached-web', anonymous.body.id, anonymousRepo, { tagMode: 'selectable', tagPattern: 'v3.*' });
    t.same((await api('GET', `/services/${id}/tags`)).body, { items: [], total: 0 });
    await pushTag(ANONYMOUS_REGISTRY, anonymousRepo, 'v3.0.0');
    t.same((await api('GET', `/services/${id}/tags`)).body, { items: [], total: 0 }, 'still the cached list');
    t.equal((await api('PATCH', `/registries/${anonymous.body.id}`, { name: 'local-renamed' })).status, 200);
    t.same((await api('GET', `/services/${id}/tags`)).body, { items: [{ tag: 'v3.0.0' }], total: 1 }, 'a changed registry is read again');
  });

  await t.test('registry failures are clear 502s', async (t) => {
    const wrong = await api('POST', '/registries', { name: 'wrong-password', url: `http://${SECURED_REGISTRY}`, username: 'nullops-test', password: 'not-the-password' });
    const noCredentials = await api('POST', '/registries', { name: 'no-credentials', url: `http://${SECURED_REGISTRY}` });
    const closedPort = await freePort();
    const closed = await api('POST', '/registries', { name: 'closed-port', url: `http://127.0.0.1:${closedPort}` });

    const tagsVia = async (registryId: string, image: string, name: string) => (await api('GET', `/services/${await service(name, registryId, image, { tagMode: 'selectable' })}/tags`));
    const badPassword = await tagsVia(wrong.body.id, securedRepo, 'bad-password');
    t.equal(badPassword.status, 502);
    t.match(badPassword.body.error, { code: 'REGISTRY_AUTH_FAILED', message: /rejected the credentials of "nullops-test"/ });
    const anonymousOnSecured = await tagsVia(noCredentials.body.id, securedRepo, 'no-credentials');
    t.match(anonymousOnSecured, { status: 502, body: { error: { code: 'REGISTRY_AUTH_FAILED', message: /needs a username and password/ } } });
    t.match(await tagsVia(closed.body.id, 'any/image', 'unreachable'), { status: 502, body: { error: { code: 'REGISTRY_UNREACHABLE', message: new RegExp(`Cannot reach http://127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)`) } } });
    t.match(await tagsVia(anonymous.body.id, 'no/such-image', 'unknown-image'), { status: 502, body: { error: { code: 'REGISTRY_NOT_FOUND', message: /has no image "no\/such-image"/ } } });

    t.match((await api('POST', `/registries/${wrong.body.id}/test`)).body, { ok: false, message: /rejected the credentials/ });
    t.match((await api('POST', `/registries/${closed.body.id}/test`)).body, { ok: false, message: /Cannot reach/ });
  });

  await t.test('the database holds no registry password in clear, and neither does the audit log', async (t) => {
    const rows = await cp.app.orm.em.getConnection().execute<{ row: string }[]>(`select row_to_json(r)::text as row from container_registry r`);
    t.ok(rows.length >= 4);
    for (const { row } of rows) t.notMatch(row, /nullops-test-password|not-the-password/);
    t.ok(rows.some(({ row }) => /"password_encrypted":"enc:v1:[0-9a-f]{8}:/.test(row)), 'stored as AES-GCM ciphertext with its key id');
    const audit = await cp.app.orm.em.getConnection().execute<{ row: string }[]>(`select row_to_json(a)::text as row from audit_event a`);
    t.ok(audit.length > 0);
    for (const { row } of audit) t.notMatch(row, /nullops-test-password|not-the-password/);
    const list = await api('GET', '/registries');
    t.notMatch(list.raw, /"password"|nullops-test-password|not-the-password/);
  });
});

// fake-paginating-registry: the local registry (distribution 2.8) ignores `n` on tag lists and never
// sends a `Link` header, so pagination is checked against this stand-in that pages as the OCI
// distribution specification says (relative `Link: <…&last=…>; rel="next"`).
t.test('the client follows Link pagination', async (t) => {
  const all = ['a1', 'a2', 'a3', 'a4', 'a5'];
  const asked: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    asked.push(url.search);
    const n = Number(url.searchParams.get('n'));
    const start = url.searchParams.has('last') ? all.indexOf(url.searchParams.get('last')!) + 1 : 0;
    const tags = all.slice(start, start + n);
    if (start + n < all.length) response.setHeader('link', `</v2/shop/web/tags/list?n=${n}&last=${tags.at(-1)}>; rel="next"`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ name: 'shop/web', tags }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const client = new RegistryClient({ pageSize: 2 });
  const tags = await client.listTags({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, 'shop/web');
  t.same(tags, all);
  t.same(asked, ['?n=2', '?n=2&last=a2', '?n=2&last=a4'], 'three pages: two, two and one');
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
