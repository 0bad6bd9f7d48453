// TLS for the builtin proxy: per-deployment certificates `*.<deployment>.<environment>.<base domain>`
// issued on demand through SNI by a configured CA (or a local CA generated once in a directory), or a
// fixed certificate configured per environment. A wildcard covers one label, hence one per deployment.
import { createPrivateKey, randomBytes, webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type SigningAlgorithm = webcrypto.Algorithm | webcrypto.EcdsaParams;

const crypto = webcrypto;
x509.cryptoProvider.set(crypto as never);

/** PEM text, or a file holding it. */
export type PemSource = { cert: string; key: string } | { certFile: string; keyFile: string };

export interface IngressTlsOptions {
  /** The CA that signs per-deployment certificates. */
  ca?: PemSource;
  /** Where a local CA is generated on first use and kept (local mode); used when `ca` is not given. */
  localCaDir?: string;
  /** A fixed certificate per environment, keyed by the suffix it serves (`<environment>.<base domain>`). */
  environments?: Record<string, PemSource>;
}

interface Signer {
  certPem: string;
  cert: x509.X509Certificate;
  key: CryptoKey;
  signingAlgorithm: SigningAlgorithm;
}

const LEAF_KEY: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const LEAF_DAYS = 90;
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const MAX_CACHED = 2000;
const DEFAULT_NAME = 'nullops-ingress.invalid';

/** Loads `ca.crt`/`ca.key` from `dir`, creating a new local CA there first when they are missing. */
export async function ensureLocalCa(dir: string): Promise<{ certFile: string; keyFile: string; created: boolean }> {
  const certFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  if (existsSync(certFile) && existsSync(keyFile)) return { certFile, keyFile, created: false };
  mkdirSync(dir, { recursive: true });
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=NullOps local CA (${hostname()}), O=NullOps`,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 10 * 365 * 24 * 3600_000),
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyPem = pkcs8Pem(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  writeAtomic(keyFile, keyPem, 0o600);
  writeAtomic(certFile, cert.toString('pem'), 0o644);
  return { certFile, keyFile, created: true };
}

/** Serves certificates through SNI: the fixed one of an environment, or one issued for the deployment. */
export class CertificateIssuer {
  private readonly issued = new Map<string, Promise<{ context: SecureContext; notAfter: number }>>();
  private readonly fixed: { suffix: string; context: SecureContext }[];

  private constructor(
    private readonly signer: Signer | undefined,
    fixed: { suffix: string; context: SecureContext }[],
    readonly defaultCertificate: { cert: string; key: string },
  ) {
    this.fixed = fixed.sort((a, b) => b.suffix.length - a.suffix.length);
  }

  static async create(options: IngressTlsOptions): Promise<CertificateIssuer> {
    let ca = options.ca;
    if (!ca && options.localCaDir) ca = await ensureLocalCa(options.localCaDir);
    const signer = ca ? await loadSigner(readPem(ca)) : undefined;
    const fixed = Object.entries(options.environments ?? {}).map(([suffix, source]) => {
      const pem = readPem(source);
      return { suffix: suffix.toLowerCase().replace(/^\*?\./, ''), context: createSecureContext({ cert: pem.cert, key: pem.key }) };
    });
    if (!signer && fixed.length === 0) throw new Error('TLS needs a CA (ca or localCaDir) or at least one environment certificate.');
    const fallback = signer ? await issue(signer, [DEFAULT_NAME, 'localhost']) : readPem(Object.values(options.environments!)[0]);
    return new CertificateIssuer(signer, fixed, { cert: fallback.cert, key: fallback.key });
  }

  /** The certificate for `servername`; `known` says whether a route exists, so strangers get the default. */
  async contextFor(servername: string, known: (host: string) => boolean): Promise<SecureContext | undefined> {
    const name = servername.toLowerCase().replace(/\.$/, '');
    const environment = this.fixed.find((f) => name.endsWith(`.${f.suffix}`));
    if (environment) return environment.context;
    if (!this.signer || !known(name)) return undefined;
    const parent = name.slice(name.indexOf('.') + 1);
    let pending = this.issued.get(parent);
    if (pending) {
      const current = await pending.catch(() => undefined);
      if (current && current.notAfter - Date.now() > RENEW_BEFORE_MS) return current.context;
      this.issued.delete(parent);
    }
    if (this.issued.size >= MAX_CACHED) this.issued.delete(this.issued.keys().next().value!);
    pending = issue(this.signer, [`*.${parent}`, parent]).then((pem) => ({
      context: createSecureContext({ cert: pem.cert, key: pem.key }),
      notAfter: Date.parse(new NodeX509Certificate(pem.cert).validTo),
    }));
    this.issued.set(parent, pending);
    return (await pending).context;
  }
}

async function issue(signer: Signer, names: string[]): Promise<{ cert: string; key: string }> {
  const keys = (await crypto.subtle.generateKey(LEAF_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${names[0]}`,
    issuer: signer.cert.subject,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(Math.min(now + LEAF_DAYS * 24 * 3600_000, signer.cert.notAfter.getTime())),
    publicKey: keys.publicKey,
    signingKey: signer.key,
    signingAlgorithm: signer.signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(signer.cert),
    ],
  });
  return { cert: `${leaf.toString('pem')}\n${signer.certPem}`, key: pkcs8Pem(await crypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

async function loadSigner(pem: { cert: string; key: string }): Promise<Signer> {
  const nodeKey = createPrivateKey(pem.key);
  const der = nodeKey.export({ type: 'pkcs8', format: 'der' });
  let importAlgorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  let signingAlgorithm: SigningAlgorithm;
  if (nodeKey.asymmetricKeyType === 'ec') {
    const curve = nodeKey.asymmetricKeyDetails?.namedCurve;
    const namedCurve = curve === 'prime256v1' ? 'P-256' : curve === 'secp384r1' ? 'P-384' : curve === 'secp521r1' ? 'P-521' : undefined;
    if (!namedCurve) throw new Error(`The CA key uses curve ${curve}; use P-256, P-384 or P-521.`);
    importAlgorithm = { name: 'ECDSA', namedCurve };
    signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams;
  } else if (nodeKey.asymmetricKeyType === 'rsa') {
    importAlgorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5' };
  } else throw new Error(`The CA key is ${nodeKey.asymmetricKeyType}; use an EC or RSA key.`);
  const key = await crypto.subtle.importKey('pkcs8', der, importAlgorithm, false, ['sign']);
  const certPem = pem.cert.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  if (!certPem) throw new Error('The CA certificate is not PEM.');
  return { certPem, cert: new x509.X509Certificate(certPem), key, signingAlgorithm };
}

function readPem(source: PemSource): { cert: string; key: string } {
  if ('cert' in source) return source;
  return { cert: readFileSync(source.certFile, 'utf8'), key: readFileSync(source.keyFile, 'utf8') };
}

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function pkcs8Pem(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
