#!/usr/bin/env node
// The `nullops` bin: a plain file in the package (so npm links it before the first build), running the
// compiled CLI, or saying how to build it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('nullops: not built yet. Run `npm run build` (or `npm start`, which builds first) in the repository root.');
  process.exit(1);
}
await import(main.href);
