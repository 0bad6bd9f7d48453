#!/usr/bin/env node
// Before `npm pack`/`npm publish`: the repository's templates/ ship inside the package.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageDir, 'templates');
rmSync(target, { recursive: true, force: true });
for (const name of ['plugin-typescript', 'plugin-shell']) {
  cpSync(join(packageDir, '..', '..', 'templates', name), join(target, name), { recursive: true, filter: (src) => !/node_modules|[\\/]dist$|\.tap$/.test(src) });
}
console.error(`[create-nullops-plugin] copied the templates into ${target}`);
