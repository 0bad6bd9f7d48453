#!/usr/bin/env node
// Packs @nullops/sdk as it is published: `node sdk/plugin-sdk/scripts/pack.mjs [destination]` prints the
// tarball's path. A plugin author must not install a control plane, so the published package carries
// the two dependency-light parts of @nullops/core it uses — `contracts` and `pipeline`, compiled, unchanged
// — under vendor/core/ (with their own dependencies: TypeBox, Ajv, ajv-formats, semver), and the
// contract's JSON Schema files (core/dist/schemas) under schemas/. Needs `npm run build` first.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreDir = join(packageDir, '..', '..', 'core');
const destination = resolve(process.argv[2] ?? process.cwd());
for (const needed of [join(packageDir, 'dist', 'src', 'index.js'), join(coreDir, 'dist', 'schemas'), join(coreDir, 'dist', 'src', 'pipeline', 'index.js')]) {
  if (!existsSync(needed)) {
    console.error(`[@nullops/sdk] ${relative(process.cwd(), needed)} is missing: run \`npm run build\` at the repository root first.`);
    process.exit(1);
  }
}

const stage = mkdtempSync(join(tmpdir(), 'nullops-sdk-pack-'));
try {
  const noMaps = (src) => !src.endsWith('.map');
  cpSync(join(packageDir, 'dist', 'src'), join(stage, 'dist', 'src'), { recursive: true, filter: noMaps });
  cpSync(join(coreDir, 'dist', 'schemas'), join(stage, 'schemas'), { recursive: true });
  for (const part of ['contracts', 'pipeline']) {
    cpSync(join(coreDir, 'dist', 'src', part), join(stage, 'vendor', 'core', part), { recursive: true, filter: (src) => noMaps(src) && !/[\\/]fastify\./.test(src) });
  }
  // '@nullops/core/<part>' → the vendored copy, relative to each file.
  for (const file of walk(join(stage, 'dist', 'src'))) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    const rewritten = text.replace(/(['"])@nullops\/core\/(contracts|pipeline)\1/g, (_, quote, part) => {
      const target = relative(dirname(file), join(stage, 'vendor', 'core', part, 'index.js')).split('\\').join('/');
      return `${quote}${target.startsWith('.') ? target : `./${target}`}${quote}`;
    });
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const core = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8'));
  const { '@nullops/core': _core, ...ownDependencies } = pkg.dependencies;
  const vendored = Object.fromEntries(['@sinclair/typebox', 'ajv', 'ajv-formats', 'semver'].map((name) => [name, core.dependencies[name]]));
  delete pkg.scripts;
  delete pkg.devDependencies;
  pkg.dependencies = Object.fromEntries(Object.entries({ ...vendored, ...ownDependencies }).sort(([a], [b]) => a.localeCompare(b)));
  pkg.files = ['dist/src', 'vendor', 'schemas'];
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const doc of ['README.md', 'LICENSE']) if (existsSync(join(packageDir, doc))) cpSync(join(packageDir, doc), join(stage, doc));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(join(destination, name));
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
