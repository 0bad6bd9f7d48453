#!/usr/bin/env node
// Writes studio/src/api/generated.ts from the route schemas of a control plane started for the purpose
// (an embedded PostgreSQL, or NULLOPS_TEST_DATABASE_URL's server). Run after changing routes:
//   npm run api-types -w studio        (needs `npm run build`)
import { writeFileSync } from 'node:fs';
import { startTestControlPlane } from '@nullops/core/testing';
import { renderApiTypes } from '../dist/lib/api-types.js';

const target = new URL('../src/api/generated.ts', import.meta.url);
const tcp = await startTestControlPlane({});
try {
  writeFileSync(target, await renderApiTypes(tcp.app.swagger()));
  console.log('[studio] wrote studio/src/api/generated.ts');
} finally {
  await tcp.close();
}
