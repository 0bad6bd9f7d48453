#!/usr/bin/env node
// Bundles each official plugin's entry point (<name>/src/main.ts) with everything it imports — the SDK,
// the shared validator, `pg` — into one file, <name>/dist/plugin.mjs, so its image needs only a Node.js
// runtime and no npm runs inside `docker build`.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugins = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'src', 'main.ts'))).map((e) => e.name);

const script = fileURLToPath(import.meta.url);
// Beside each bundle, the files esbuild read for it (not packed: package.json "files" names plugin.mjs only).
const paths = (name) => ({ out: join(root, name, 'dist', 'plugin.mjs'), meta: join(root, name, 'dist', 'plugin-inputs.json') });

/** The bundle is newer than every file esbuild read for it (its metafile lists them) and than this script. */
function fresh(name) {
  const { out, meta } = paths(name);
  if (!existsSync(out) || !existsSync(meta)) return false;
  const builtAt = statSync(out).mtimeMs;
  const inputs = (JSON.parse(readFileSync(meta, 'utf8')).inputs ?? []).map((input) => resolve(root, input));
  return [script, ...inputs].every((file) => existsSync(file) && statSync(file).mtimeMs <= builtAt);
}

const stale = plugins.filter((name) => !fresh(name));
await Promise.all(
  stale.map(async (name) => {
    const { out, meta } = paths(name);
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, name, 'src', 'main.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
      // pg loads pg-native only when asked to; the CommonJS parts of the bundle need a `require`.
      external: ['pg-native'],
      banner: { js: "import { createRequire as __nullopsRequire } from 'node:module'; const require = __nullopsRequire(import.meta.url);" },
    });
    writeFileSync(meta, JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }));
  }),
);
console.log(stale.length ? `[components] bundled ${stale.length} plugins: ${stale.join(', ')}` : `[components] the ${plugins.length} plugin bundles are current`);
