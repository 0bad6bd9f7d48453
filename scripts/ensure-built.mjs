#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when node_modules is missing or older than
// package-lock.json, then runs the incremental TypeScript build (a no-op when nothing changed).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`NullOps needs Node.js 20.19 or newer; this is ${process.versions.node}. Install a newer Node.js and try again.`);
  process.exit(1);
}

function run(step, command, args) {
  console.log(`[nullops] ${step}…`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[nullops] ${step} failed (exit ${result.status}). Fix the error above and run the command again.`);
    process.exit(result.status ?? 1);
  }
  console.log(`[nullops] ${step} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const installedMarker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const stale = !existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lock).mtimeMs;
if (stale) run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
run('building (tsc -b)', join(root, 'node_modules', '.bin', 'tsc'), ['-b']);
run('writing contract JSON Schemas', process.execPath, [join(root, 'core', 'scripts', 'emit-schemas.mjs')]);
run('bundling the official component plugins (esbuild)', process.execPath, [join(root, 'plugins-official', 'components', 'scripts', 'bundle.mjs')]);
if (studioStale()) run('building the studio (vite build)', 'npm', ['run', 'build', '--silent', '-w', 'studio']);

/** The studio's static build is missing or older than one of its sources. */
function studioStale() {
  const built = join(root, 'studio', 'dist', 'app', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (path) => statSync(path).isDirectory() ? readdirSync(path).some((name) => newer(join(path, name))) : statSync(path).mtimeMs > builtAt;
  return ['src', 'index.html', 'vite.config.ts', 'package.json'].some((name) => existsSync(join(root, 'studio', name)) && newer(join(root, 'studio', name)));
}
