// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { postgresCreateDb } from './plugin.js';

definePlugin(postgresCreateDb);
