// `nullops up` as a process on a data directory, for the tests that run the platform the way `npm start`
// does: started with test-friendly ports, waited for until its output says it is ready (or it exits, or
// its output says it failed), stopped with Ctrl-C; plus signing in as the first admin it created.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually, GiveUp } from '@nullops/core/testing';

const cli = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface RunningUp {
  /** The control plane's base URL, from the `API` line. */
  base: string;
  output(): string;
  /** Ctrl-C; resolves with the exit code (SIGKILL after a minute). */
  stop(): Promise<number | null>;
}

export interface UpOptions {
  /** Arguments after `up` (the data directory and `--port 0` are added). */
  args?: string[];
  /** Environment added to this process's (ingress, agent and registry ports are 0 unless given). */
  env?: Record<string, string>;
  /** What readiness is waited for, and how long. */
  ready: { what: string; seconds: number; done(output: string): boolean; failed?(output: string): boolean };
}

export async function runUp(dataDir: string, options: UpOptions): Promise<RunningUp> {
  const child = spawn(process.execPath, [cli, 'up', ...(options.args ?? []), '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, NULLOPS_INGRESS_PORT: '0', AGENT_PORT: '0', NULLOPS_REGISTRY_PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
  await eventually(
    options.ready.what,
    async () => {
      if (exitCode !== undefined) throw new GiveUp(`nullops up exited with ${exitCode} before ${options.ready.what}:\n${output}`);
      if (options.ready.failed?.(output)) throw new GiveUp(`nullops up failed before ${options.ready.what}:\n${output}`);
      return options.ready.done(output) ? true : undefined;
    },
    { timeoutMs: options.ready.seconds * 1000, everyMs: 250, explain: () => output },
  ).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const base = /API\s+(http:\/\/\S+)\/api\/v1/.exec(output)?.[1];
  if (!base) {
    child.kill('SIGKILL');
    throw new Error(`no API address in the output:\n${output}`);
  }
  return {
    base,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export type AdminApi = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** Signs in as `admin` with the password local mode generated; returns an API caller with the session. */
export async function signInAsAdmin(base: string, password: string): Promise<AdminApi> {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  if (login.status !== 200) throw new Error(`sign-in as admin failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
