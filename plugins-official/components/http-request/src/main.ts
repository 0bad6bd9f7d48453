// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { httpRequest } from './plugin.js';

definePlugin(httpRequest);
