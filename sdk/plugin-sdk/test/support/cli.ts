// Runs the built `nullops-plugin` and `create-nullops-plugin` bins of this repository as a user would.
import { fileURLToPath } from 'node:url';
import { runCommand } from '@nullops/core/testing';

export const NULLOPS_PLUGIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
export const CREATE_NULLOPS_PLUGIN = fileURLToPath(new URL('../../../../create-nullops-plugin/dist/src/main.js', import.meta.url));

export const nullopsPlugin = (args: string[], cwd?: string) => runCommand(process.execPath, [NULLOPS_PLUGIN, ...args], { cwd });
export const createPlugin = (args: string[], cwd?: string) => runCommand(process.execPath, [CREATE_NULLOPS_PLUGIN, ...args], { cwd });
