// Starts a registry for a test file on a fresh database, and builds plugin images carrying their manifest
// label, pushed to the local anonymous registry (127.0.0.1:5001, started by scripts/test-infra/up.sh).
import { ANONYMOUS_REGISTRY, BUSYBOX_IMAGE, freshDatabase } from '@nullops/core/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, loadRegistryConfig, type RegistryServer } from '../../src/index.js';
import type { DomainCheckOptions } from '../../src/publishers/domain-verification.js';

export interface TestRegistry {
  server: RegistryServer;
  url: string;
  adminToken: string;
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }>;
  createPublisher(scope: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestRegistry(options: { domainCheck?: DomainCheckOptions } = {}): Promise<TestRegistry> {
  const database = await freshDatabase();
  const adminToken = `nra_${randomBytes(24).toString('base64url')}`;
  const server = await createRegistry(loadRegistryConfig({}, { port: 0, imageCheckTimeoutMs: 1500 }), { databaseUrl: database.url, adminToken, logger: false, domainCheck: options.domainCheck });
  const url = await server.listen();
  const api: TestRegistry['api'] = async (method, path, body, token) => {
    const response = await fetch(`${url}${path.startsWith('/.well-known') || path.startsWith('/healthz') || path.startsWith('/readyz') || path.startsWith('/metrics') ? '' : '/api/v1'}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body !== undefined ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // metrics are text
    }
    return { status: response.status, body: parsed as any };
  };
  return {
    server,
    url,
    adminToken,
    api,
    async createPublisher(scope) {
      const created = await api('POST', '/publishers', { scope }, adminToken);
      if (created.status !== 201) throw new Error(`publisher ${scope}: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.token.token;
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

export function pluginManifest(name: string, version: string, overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: 'nullops.dev/v1',
    name,
    version,
    title: `Title of ${name}`,
    description: `Does what ${name} does.`,
    category: 'data',
    keywords: ['test'],
    license: 'Apache-2.0',
    image: `${ANONYMOUS_REGISTRY}/registry-test/${name.replace('/', '-')}:${version}`,
    input: { type: 'object', properties: { greeting: { type: 'string', default: 'hello' } } },
    output: { type: 'object', properties: { said: { type: 'string' } } },
    actions: ['run'],
    ...overrides,
  };
}

/**
 * Builds (locally, not pushed) a busybox image that answers the component contract (prints
 * `{"outputs":{"said":…}}`), labelled with `label` (the manifest, unless told otherwise), as the manifest's image.
 */
export function buildPluginImage(manifest: { image: string }, label: unknown = manifest): void {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-registry-image-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nCMD ["sh", "-c", "cat > /dev/null; echo working >&2; echo '{\\"outputs\\":{\\"said\\":\\"hello from the registry\\"}}'"]\n`);
  try {
    execFileSync('docker', ['build', '-q', '--label', `dev.nullops.plugin.manifest=${JSON.stringify(label)}`, '--label', 'dev.nullops.test=registry', '-t', manifest.image, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the image (see buildPluginImage), pushes it to its registry, removes the local copy; returns its digest. */
export function pushPluginImage(manifest: { image: string }, label: unknown = manifest): string {
  buildPluginImage(manifest, label);
  try {
    execFileSync('docker', ['push', '-q', manifest.image], { stdio: 'pipe' });
    const digests = JSON.parse(execFileSync('docker', ['image', 'inspect', '--format', '{{json .RepoDigests}}', manifest.image], { encoding: 'utf8' })) as string[];
    const repository = manifest.image.replace(/:[^:/]+$/, '');
    return digests.find((d) => d.startsWith(`${repository}@`))!.split('@')[1];
  } finally {
    execFileSync('docker', ['rmi', manifest.image], { stdio: 'pipe' });
  }
}

/** A digest for an image whose registry cannot be reached (nothing listens on port 1): publish skips the label check. */
export const UNREACHABLE_IMAGE_HOST = '127.0.0.1:1';
export const fakeDigest = () => `sha256:${randomBytes(32).toString('hex')}`;
