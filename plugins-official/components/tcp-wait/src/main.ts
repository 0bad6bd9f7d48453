// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { tcpWait } from './plugin.js';

definePlugin(tcpWait);
