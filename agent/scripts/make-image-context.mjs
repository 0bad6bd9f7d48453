#!/usr/bin/env node
// Prepares the Docker build context for agent/Dockerfile: the compiled agent and exactly the production
// packages it loads, copied from the repository's node_modules — so `docker build` runs no npm.
// Usage: node agent/scripts/make-image-context.mjs <context dir>   (run `npx tsc -b agent` first)
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(agentDir, '..');
const context = process.argv[2];
if (!context) {
  console.error('usage: make-image-context.mjs <context dir>');
  process.exit(2);
}
if (!existsSync(join(agentDir, 'dist', 'src', 'main.js'))) {
  console.error('agent/dist/src/main.js is missing: run `npx tsc -b agent` first');
  process.exit(1);
}
const app = join(context, 'app');
rmSync(context, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
cpSync(join(agentDir, 'Dockerfile'), join(context, 'Dockerfile'));
cpSync(join(agentDir, 'package.json'), join(app, 'agent', 'package.json'));
cpSync(join(agentDir, 'dist', 'src'), join(app, 'agent', 'dist', 'src'), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('.d.ts') });

const seen = new Set();
function dependenciesWithin(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const nested = join(packageDir, 'node_modules');
  const inner = existsSync(nested)
    ? readdirSync(nested)
        .filter((n) => !n.startsWith('.'))
        .flatMap((n) => (n.startsWith('@') ? readdirSync(join(nested, n)).map((m) => join(nested, n, m)) : [join(nested, n)]))
        .flatMap((p) => dependenciesWithin(p))
    : [];
  return [...Object.keys(manifest.dependencies ?? {}), ...inner];
}
function copyPackage(name) {
  if (seen.has(name)) return;
  seen.add(name);
  const source = join(root, 'node_modules', name);
  if (!existsSync(source)) throw new Error(`package ${name} is not installed: run npm install`);
  cpSync(source, join(app, 'node_modules', name), { recursive: true, dereference: true });
  for (const dependency of dependenciesWithin(source)) copyPackage(dependency);
}

// @nullops/core is a workspace: only its contracts and pipeline subpaths are needed, which depend on
// TypeBox, Ajv and semver alone (ARCHITECTURE.md, "Packages").
const core = join(app, 'node_modules', '@nullops', 'core');
cpSync(join(root, 'core', 'package.json'), join(core, 'package.json'));
for (const part of ['contracts', 'pipeline']) cpSync(join(root, 'core', 'dist', 'src', part), join(core, 'dist', 'src', part), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('.d.ts') });
for (const name of ['@sinclair/typebox', 'ajv', 'ajv-formats', 'semver']) copyPackage(name);
// @nullops/sdk is a workspace too: the agent loads only its plugin runner (@nullops/sdk/runner), which
// needs core's contracts and dockerode (an agent dependency) alone.
const sdk = join(app, 'node_modules', '@nullops', 'sdk');
cpSync(join(root, 'sdk', 'plugin-sdk', 'package.json'), join(sdk, 'package.json'));
cpSync(join(root, 'sdk', 'plugin-sdk', 'dist', 'src', 'runner'), join(sdk, 'dist', 'src', 'runner'), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('.d.ts') });
const agentManifest = JSON.parse(readFileSync(join(agentDir, 'package.json'), 'utf8'));
for (const name of Object.keys(agentManifest.dependencies)) if (name !== '@nullops/core' && name !== '@nullops/sdk') copyPackage(name);
console.log(`image context ready in ${context} (${seen.size} packages)`);
