// The Bearer token flow (Docker Hub, GHCR and most hosted registries): a real registry (distribution,
// with `auth: token`) challenges with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`; NullOps
// fetches a token from the realm with the registry's credentials and lists the tags with it.
//
// fake-token-endpoint: the registry package can check tokens but cannot issue them (that is a separate
// service, e.g. docker_auth or Docker Hub's auth.docker.io), so this test serves the token endpoint
// itself: it checks Basic credentials and signs a JWT with a throw-away certificate the registry trusts.
// The registry reads the anonymous test registry's storage, read-only, so it has images to list.
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryClient } from '../src/modules/catalog/registry-client.js';
import { ANONYMOUS_REGISTRY_STORAGE, call, signIn, startTestControlPlane, TEST_ADMIN } from './support/index.js';
import { ANONYMOUS_REGISTRY, pushTag, pushTags, uniqueRepository } from './fixtures/registry-images.js';

const storage = ANONYMOUS_REGISTRY_STORAGE;
const USER = { username: 'token-user', password: 'token-password' };
const SERVICE = 'fake-registry';
const ISSUER = 'fake-token-endpoint';

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

t.test('tags and digests through a Bearer-token registry', async (t) => {
  t.ok(existsSync(storage), `the anonymous registry's storage is at ${storage} (scripts/test-infra/up.sh)`);
  const repository = uniqueRepository('tags-bearer');
  await pushTags(ANONYMOUS_REGISTRY, repository, ['v1.0.0', 'v1.1.0', 'v2.0.0']);
  const digest = await pushTag(ANONYMOUS_REGISTRY, repository, 'v1.1.0');

  const dir = mkdtempSync(join(tmpdir(), 'nullops-token-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${ISSUER}`], { stdio: 'ignore' });
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  const certificate = new X509Certificate(readFileSync(join(dir, 'cert.pem')));

  const tokenRequests: URLSearchParams[] = [];
  const tokenEndpoint = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    tokenRequests.push(url.searchParams);
    const expected = `Basic ${Buffer.from(`${USER.username}:${USER.password}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const [type, name, actions] = (url.searchParams.get('scope') ?? '::').split(':');
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certificate.raw.toString('base64')] };
    const claims = { iss: ISSUER, sub: USER.username, aud: url.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access: type ? [{ type, name, actions: actions.split(',') }] : [] };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(input).sign(key);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `${input}.${base64url(signature)}`, expires_in: 300 }));
  });
  const tokenPort = await listen(tokenEndpoint);
  t.teardown(() => new Promise<void>((resolve) => tokenEndpoint.close(() => resolve())));

  const probe = createServer();
  const registryPort = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${storage}
  maintenance:
    uploadpurging:
      enabled: false
    readonly:
      enabled: true
http:
  addr: 127.0.0.1:${registryPort}
  secret: fake-token-endpoint-test
auth:
  token:
    realm: http://127.0.0.1:${tokenPort}/token
    service: ${SERVICE}
    issuer: ${ISSUER}
    rootcertbundle: ${join(dir, 'cert.pem')}
`,
  );
  const registry = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let registryLog = '';
  registry.stderr.on('data', (chunk) => (registryLog += chunk));
  t.teardown(() => {
    registry.kill();
  });
  const url = `http://127.0.0.1:${registryPort}`;
  for (let i = 0; i < 50; i++) {
    const status = await fetch(`${url}/v2/`).then((r) => r.status, () => 0);
    if (status === 401) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const challenge = (await fetch(`${url}/v2/${repository}/tags/list`)).headers.get('www-authenticate');
  t.match(challenge, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service="fake-registry",scope="repository:.+:pull"/, `the registry challenges with a Bearer realm (log: ${registryLog})`);

  await t.test('the API lists the tags of a service in the token registry', async (t) => {
    const cp = await startTestControlPlane();
    t.teardown(cp.close);
    const admin = { cookie: await signIn(cp.app, TEST_ADMIN.username, TEST_ADMIN.password) };
    const api = (method: string, path: string, body?: unknown) => call(cp.app, admin, method, `/api/v1${path}`, body);
    const withToken = await api('POST', '/registries', { name: 'token-registry', url, ...USER });
    const service = await api('POST', '/services', { name: 'web', registryId: withToken.body.id, image: repository, tagMode: 'selectable', tagPattern: 'v1.*', ports: [] });
    t.equal(service.status, 201);
    const tags = await api('GET', `/services/${service.body.id}/tags`);
    t.same(tags.body, { items: [{ tag: 'v1.1.0' }, { tag: 'v1.0.0' }], total: 2 });
    const asked = tokenRequests.at(-1)!;
    t.equal(asked.get('service'), SERVICE, 'the token was asked for the service the challenge named');
    t.equal(asked.get('scope'), `repository:${repository}:pull`, 'and for pull access to that image only');

    t.same((await api('POST', `/registries/${withToken.body.id}/test`)).body.ok, true);

    const wrong = await api('POST', '/registries', { name: 'token-wrong', url, username: USER.username, password: 'nope' });
    const failing = await api('POST', '/services', { name: 'web-wrong', registryId: wrong.body.id, image: repository, tagMode: 'selectable', ports: [] });
    t.match(await api('GET', `/services/${failing.body.id}/tags`), { status: 502, body: { error: { code: 'REGISTRY_AUTH_FAILED', message: /token service .* rejected the credentials of "token-user"/ } } });
    const anonymous = await api('POST', '/registries', { name: 'token-anonymous', url });
    t.match((await api('POST', `/registries/${anonymous.body.id}/test`)).body, { ok: false, message: /gives no anonymous access/ });
  });

  await t.test('the client resolves a digest with a token and reuses the token while it is valid', async (t) => {
    const client = new RegistryClient();
    const before = tokenRequests.length;
    t.equal(await client.resolveDigest({ url, ...USER }, repository, 'v1.1.0'), digest, 'the digest Docker reported when pushing');
    t.same(await client.listTags({ url, ...USER }, repository).then((tags) => tags.sort()), ['v1.0.0', 'v1.1.0', 'v2.0.0']);
    t.equal(tokenRequests.length - before, 1, 'one token for the image, used for the manifest and the tag list');
  });
});
