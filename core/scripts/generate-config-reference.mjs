#!/usr/bin/env node
// Writes the settings table of docs/configuration.md from the Config schema (run after changing
// core/src/kernel/config.ts; a test fails when the committed table is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withConfigTable } from '../dist/src/kernel/config-reference.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'configuration.md');
writeFileSync(file, withConfigTable(readFileSync(file, 'utf8')));
console.log(`[nullops] wrote the settings table of ${file}`);
