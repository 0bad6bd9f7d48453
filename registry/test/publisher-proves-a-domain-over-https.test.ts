// A publisher becomes verified by serving the registry's token at https://<domain>/.well-known/
// nullops-publisher. Tested against a real HTTPS server on loopback whose certificate a test CA (made
// with openssl here) signed: the registry trusts that CA only; a wrong token, another status, or a
// certificate it does not trust leave the publisher unverified.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRegistry } from './support/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'nullops-test-ca-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=NullOps test CA');
ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'site.key', '-out', 'site.csr', '-subj', '/CN=localhost');
writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
ssl('x509', '-req', '-in', 'site.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'site.pem', '-days', '1', '-extfile', 'ext.cnf');
ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost');

let served = { status: 200, body: '' };
const start = (cert: string, key: string) =>
  new Promise<{ port: number; close(): Promise<void> }>((resolve) => {
    const server = createServer({ cert: readFileSync(join(dir, cert)), key: readFileSync(join(dir, key)) }, (req, res) => {
      res.statusCode = req.url === '/.well-known/nullops-publisher' ? served.status : 404;
      res.end(served.body);
    });
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => new Promise((r) => server.close(() => r())) }));
  });
const site = await start('site.pem', 'site.key');
t.teardown(() => site.close());

const registry = await startTestRegistry({ domainCheck: { ca: readFileSync(join(dir, 'ca.pem')), port: site.port } });
t.teardown(() => registry.close());
const token = await registry.createPublisher('acme');
const { api } = registry;

t.test('the domain must serve the issued token over trusted HTTPS', async (t) => {
  t.match(await api('POST', '/publishers/acme/domain/verify', undefined, token), { status: 422, body: { error: { code: 'DOMAIN_NOT_VERIFIED', message: /Claim a domain first/ } } });
  const claim = await api('PUT', '/publishers/acme/domain', { domain: 'localhost' }, token);
  t.match(claim, { status: 200, body: { domain: 'localhost', url: `https://localhost:${site.port}/.well-known/nullops-publisher`, verified: false } });

  served = { status: 200, body: 'some other text' };
  t.match(await api('POST', '/publishers/acme/domain/verify', undefined, token), { status: 422, body: { error: { message: /does not serve the token/ } } });
  served = { status: 404, body: claim.body.token };
  t.match(await api('POST', '/publishers/acme/domain/verify', undefined, token), { status: 422, body: { error: { message: /answered 404/ } } });
  t.match((await api('GET', '/publishers/acme')).body, { verified: false });

  served = { status: 200, body: `${claim.body.token}\n` };
  t.match(await api('POST', '/publishers/acme/domain/verify', undefined, token), { status: 200, body: { scope: 'acme', domain: 'localhost', verified: true } });
  t.match((await api('GET', '/publishers/acme')).body, { verified: true });
  t.match(await api('PUT', '/publishers/acme/domain', { domain: 'localhost' }, await registry.createPublisher('globex')), { status: 403, body: { error: { code: 'SCOPE_FORBIDDEN' } } });
});

t.test('a certificate the registry does not trust does not count', async (t) => {
  const untrusted = await start('other.pem', 'other.key');
  t.teardown(() => untrusted.close());
  const other = await startTestRegistry({ domainCheck: { ca: readFileSync(join(dir, 'ca.pem')), port: untrusted.port } });
  t.teardown(() => other.close());
  const otherToken = await other.createPublisher('acme');
  const claim = await other.api('PUT', '/publishers/acme/domain', { domain: 'localhost' }, otherToken);
  served = { status: 200, body: claim.body.token };
  t.match(await other.api('POST', '/publishers/acme/domain/verify', undefined, otherToken), { status: 422, body: { error: { code: 'DOMAIN_NOT_VERIFIED', message: /trusted HTTPS/ } } });
  t.match((await other.api('GET', '/publishers/acme')).body, { verified: false });
});
