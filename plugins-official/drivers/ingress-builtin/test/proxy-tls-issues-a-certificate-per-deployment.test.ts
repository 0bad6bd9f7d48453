// TLS termination: a request with SNI gets a certificate `*.<deployment>.<environment>.<base domain>`
// issued on demand by the local CA (generated once in its directory), which verifies against that CA.
import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { ensureLocalCa, startIngressProxy } from '../src/proxy/index.js';
import { eventually, route, startFeedServer, table, TOKEN } from './support/control-plane.js';
import { startBusyboxUpstream } from './support/upstreams.js';

interface TlsAnswer {
  status: number;
  body: string;
  cert: PeerCertificate;
  raw: Buffer;
}

function httpsGet(port: number, host: string, ca: string, path = '/'): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, ca, agent: false }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cert, raw: cert.raw }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('SNI gets a certificate for its deployment, signed by the local CA', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-ingress-ca-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const upstream = await startBusyboxUpstream('secure hello');
  t.teardown(() => upstream.stop());
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const caDir = join(dir, 'ingress-ca');
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', tls: { localCaDir: caDir }, accessLog: false, log: () => {} });
  t.teardown(() => proxy.stop());
  const caPem = readFileSync(join(caDir, 'ca.crt'), 'utf8');
  t.equal(statSync(join(caDir, 'ca.key')).mode & 0o777, 0o600, 'the CA key is readable by its owner only');

  await cp.ingress.apply(
    table(1, [
      route('web.pr-7.qa.example.com', upstream, 'ready', 'pr-7'),
      route('api.pr-7.qa.example.com', upstream, 'ready', 'pr-7'),
      route('web.pr-8.qa.example.com', upstream, 'ready', 'pr-8'),
    ]),
  );
  const web = await eventually('TLS route', () => httpsGet(proxy.port, 'web.pr-7.qa.example.com', caPem), (r) => r.status === 200);
  t.equal(web.body, 'secure hello\n', 'the request was proxied over TLS (the chain verified against the local CA)');
  t.equal(web.cert.subjectaltname, 'DNS:*.pr-7.qa.example.com, DNS:pr-7.qa.example.com', 'the certificate covers the deployment');

  const leaf = new X509Certificate(web.raw);
  const ca = new X509Certificate(caPem);
  t.ok(leaf.checkIssued(ca), 'issued by the local CA');
  t.ok(leaf.verify(ca.publicKey), 'signature verifies with the CA key');
  t.ok(ca.ca, 'the local CA is a CA certificate');

  const api = await httpsGet(proxy.port, 'api.pr-7.qa.example.com', caPem);
  t.equal(new X509Certificate(api.raw).fingerprint256, leaf.fingerprint256, 'another service of the same deployment gets the same certificate');
  const other = await httpsGet(proxy.port, 'web.pr-8.qa.example.com', caPem);
  t.equal(other.cert.subjectaltname, 'DNS:*.pr-8.qa.example.com, DNS:pr-8.qa.example.com', 'another deployment gets its own');

  const echoed = await httpsGet(proxy.port, 'web.pr-7.qa.example.com', caPem, '/cgi-bin/echo');
  t.match(echoed.body, /proto=https\n/, 'X-Forwarded-Proto is https');

  const stranger = await ensureLocalCa(join(dir, 'other-ca'));
  await t.rejects(httpsGet(proxy.port, 'web.pr-7.qa.example.com', readFileSync(stranger.certFile, 'utf8')), /unable to verify|self.signed|issuer/i, 'another CA does not vouch for it');
  const again = await ensureLocalCa(caDir);
  t.equal(again.created, false, 'the local CA is kept and reused');
  t.equal(readFileSync(join(caDir, 'ca.crt'), 'utf8'), caPem);
});

t.test('an unknown host gets the default certificate, not one for its name', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-ingress-ca-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const cp = await startFeedServer();
  t.teardown(() => cp.close());
  const proxy = await startIngressProxy({ feedUrl: cp.feedUrl, token: TOKEN, port: 0, host: '127.0.0.1', tls: { localCaDir: dir }, accessLog: false, log: () => {} });
  t.teardown(() => proxy.stop());
  const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
  await t.rejects(httpsGet(proxy.port, 'evil.example.org', caPem), /altnames|does not match/i, 'the name check fails');
});
