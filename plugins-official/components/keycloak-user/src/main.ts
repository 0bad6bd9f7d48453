// The image's entry point (bundled into dist/plugin.mjs).
import { definePlugin } from '@nullops/sdk';
import { keycloakUser } from './plugin.js';

definePlugin(keycloakUser);
