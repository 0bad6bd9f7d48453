// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { sqlExec } from './plugin.js';

definePlugin(sqlExec);
