#!/usr/bin/env node
// Generates docs/api-reference.md from the running route table: the OpenAPI document the control
// plane builds from its TypeBox route schemas, plus each route's declared access. Never edit the
// output by hand; run `npm run docs:api` after changing routes (a test fails when it is stale).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_REFERENCE_SETTINGS, renderApiReference } from '../dist/src/kernel/api-reference.js';
import { createControlPlane } from '../dist/src/kernel/app.js';
import { loadConfig } from '../dist/src/kernel/config.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'nullops-apiref-'));
const config = loadConfig({}, { ...API_REFERENCE_SETTINGS, dataDir });
const controlPlane = await createControlPlane(config, { logger: false });
try {
  const markdown = renderApiReference(controlPlane.app.swagger(), controlPlane.app.apiRoutes);
  writeFileSync(join(root, 'docs', 'api-reference.md'), markdown);
  console.log(`[nullops] wrote docs/api-reference.md (${controlPlane.app.apiRoutes.length} routes)`);
} finally {
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
