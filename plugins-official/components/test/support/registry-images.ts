// Images for the full-deployment test, in the anonymous local registry (scripts/test-infra/up.sh):
// an official plugin's test image, the local PostgreSQL image and pg-probe, each pushed under a tag
// derived from its content, so a repeated run pushes nothing new.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANONYMOUS_REGISTRY, NODE_IMAGE } from '@nullops/core/testing';

const here = dirname(fileURLToPath(import.meta.url));

/** Tags `local` as <registry>/nullops-components-test/<name> and pushes it; returns the pushed reference. */
export function pushToRegistry(local: string, name: string): string {
  const reference = `${ANONYMOUS_REGISTRY}/nullops-components-test/${name}`;
  execFileSync('docker', ['tag', local, reference], { stdio: 'pipe' });
  execFileSync('docker', ['push', '-q', reference], { stdio: 'pipe' });
  return reference;
}

/** pg-probe bundled (with pg) into an image on the local Node.js base, pushed; returns its reference. */
export async function pushProbeImage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-pg-probe-'));
  chmodSync(dir, 0o755);
  try {
    await build({ entryPoints: [join(here, 'pg-probe.js')], outfile: join(dir, 'pg-probe.mjs'), bundle: true, platform: 'node', format: 'esm', external: ['pg-native'], banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }, logLevel: 'warning' });
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${NODE_IMAGE}\nCOPY pg-probe.mjs /pg-probe.mjs\nENTRYPOINT ["node", "/pg-probe.mjs"]\n`);
    const local = `nullops-components-test/pg-probe:build-${process.pid}`;
    execFileSync('docker', ['build', '-q', '-t', local, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: 'pipe' });
    const id = execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', local]).toString().trim().replace('sha256:', '').slice(0, 12);
    const reference = pushToRegistry(local, `pg-probe:${id}`);
    execFileSync('docker', ['rmi', local], { stdio: 'pipe' });
    return reference;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
