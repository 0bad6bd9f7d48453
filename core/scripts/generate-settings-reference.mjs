#!/usr/bin/env node
// Rewrites the settings table of docs/configuration.md from the Config schema (core/src/kernel/config.ts).
// Never edit the table by hand; run `npm run docs:settings` after changing settings (a test fails when it is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSettingsTable } from '../dist/src/kernel/settings-reference.js';

const page = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'configuration.md');
writeFileSync(page, withSettingsTable(readFileSync(page, 'utf8')));
console.log('[nullops] wrote the settings table of docs/configuration.md');
