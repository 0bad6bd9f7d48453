#!/usr/bin/env node
// The `nullops-agent` command. npm links a package's bins when it installs, before `tsc -b` has made
// dist/, and skips a link whose file is missing; so the link points at this committed file, which loads
// the built agent, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(`nullops-agent is not built yet (${fileURLToPath(main)} is missing): run \`npm run build\` in the repository root.`);
  process.exit(1);
}
// eslint-disable-next-line no-restricted-syntax -- this package's own compiled entry point, checked to exist above
await import(main.href);
