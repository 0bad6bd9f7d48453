// The agent's TLS identity: a self-signed certificate and key made on first start in the data dir and
// reused afterwards; its SHA-256 thumbprint is what the control plane pins.
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomic } from '../state/atomic-file.js';

export interface TlsIdentity {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by colons (as `openssl x509 -fingerprint -sha256` prints it). */
  thumbprint: string;
  created: boolean;
}

export async function loadOrCreateTlsIdentity(dataDir: string): Promise<TlsIdentity> {
  const dir = join(dataDir, 'tls');
  const keyPath = join(dir, 'agent.key');
  const certPath = join(dir, 'agent.crt');
  try {
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { key, cert, thumbprint: new X509Certificate(cert).fingerprint256, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the agent certificate in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = hostname();
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: `nullops-agent ${name}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }, { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  await writeFileAtomic(keyPath, pems.private, 0o600);
  await writeFileAtomic(certPath, pems.cert, 0o644);
  return { key: pems.private, cert: pems.cert, thumbprint: new X509Certificate(pems.cert).fingerprint256, created: true };
}
