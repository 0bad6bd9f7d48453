// Runs the built `nullops-plugin` and `create-nullops-plugin` bins of this repository as a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const NULLOPS_PLUGIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
export const CREATE_NULLOPS_PLUGIN = fileURLToPath(new URL('../../../../create-nullops-plugin/dist/src/main.js', import.meta.url));

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const nullopsPlugin = (args: string[], cwd?: string) => runCommand(process.execPath, [NULLOPS_PLUGIN, ...args], { cwd });
export const createPlugin = (args: string[], cwd?: string) => runCommand(process.execPath, [CREATE_NULLOPS_PLUGIN, ...args], { cwd });
