#!/usr/bin/env node
// Writes what is generated from each official plugin's TypeScript manifest: <name>/nullops-plugin.json
// and the params/outputs tables of docs/plugins/components/<name>.md. Run after changing a manifest
// (`npm run build` first); a test fails while either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFFICIAL_PLUGINS } from '../dist/src/official-plugins.js';
import { docsPagePath, manifestFileText } from '../dist/src/docs/generated-files.js';
import { schemaTables, withTables } from '../dist/src/docs/schema-tables.js';

for (const plugin of OFFICIAL_PLUGINS) {
  writeFileSync(join(plugin.dir, 'nullops-plugin.json'), manifestFileText(plugin));
  const page = docsPagePath(plugin);
  const updated = withTables(readFileSync(page, 'utf8'), schemaTables(plugin.manifest.input, plugin.manifest.output));
  if (updated === null) throw new Error(`${page} has no generated-table markers; copy them from another component page`);
  writeFileSync(page, updated);
}
console.log(`[components] wrote ${OFFICIAL_PLUGINS.length} manifests and docs tables`);
