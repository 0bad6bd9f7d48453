#!/usr/bin/env node
// Writes the JSON Schema files generated from the TypeBox contracts to core/dist/schemas/, so plugin
// authors in any language (and the SDK, which publishes them) can validate against the same shapes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as contracts from '../dist/src/contracts/index.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'schemas');
mkdirSync(out, { recursive: true });

const documents = Object.fromEntries(contracts.CONTRACT_DOCUMENTS.map((document) => [document.name, document.schema]));

for (const [name, schema] of Object.entries(documents)) {
  const document = { $schema: 'http://json-schema.org/draft-07/schema#', $id: `https://nullops.dev/schemas/v1/${name}.json`, ...JSON.parse(JSON.stringify(schema)) };
  const file = join(out, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
console.log(`[nullops] wrote ${Object.keys(documents).length} JSON Schema files to ${out}`);
