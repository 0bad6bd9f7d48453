// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { httpWait } from './plugin.js';

definePlugin(httpWait);
