#!/usr/bin/env node
// Writes docs/contract-reference.md from the TypeBox contracts (run after changing core/src/contracts; a
// test fails when the committed page is stale).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderContractReference } from '../dist/src/kernel/contract-reference.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'contract-reference.md');
writeFileSync(file, renderContractReference());
console.log(`[nullops] wrote ${file}`);
