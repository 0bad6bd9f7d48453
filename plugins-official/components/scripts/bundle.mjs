#!/usr/bin/env node
// Bundles each official plugin's entry point (<name>/src/main.ts) with everything it imports — the SDK,
// the shared validator, `pg` — into one file, <name>/dist/plugin.mjs, so its image needs only a Node.js
// runtime and no npm runs inside `docker build`.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugins = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'src', 'main.ts'))).map((e) => e.name);

await Promise.all(
  plugins.map((name) =>
    build({
      entryPoints: [join(root, name, 'src', 'main.ts')],
      outfile: join(root, name, 'dist', 'plugin.mjs'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      // pg loads pg-native only when asked to; the CommonJS parts of the bundle need a `require`.
      external: ['pg-native'],
      banner: { js: "import { createRequire as __nullopsRequire } from 'node:module'; const require = __nullopsRequire(import.meta.url);" },
    }),
  ),
);
console.log(`[components] bundled ${plugins.length} plugins: ${plugins.join(', ')}`);
