// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { shell } from './plugin.js';

definePlugin(shell);
