// How the admin commands reach the registry: its HTTP API (so they work while it runs, on whichever
// database it uses) with the admin token — given, from NULLOPS_REGISTRY_ADMIN_TOKEN, or read from the
// file the registry generated into <data dir>/registry/admin-token. Failures become one sentence.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_BASE } from '../discovery.js';

/** A failure the person at the terminal can act on: printed as one line, exit code 1. */
export class AdminCommandError extends Error {}

export interface AdminTarget {
  url: string;
  token: string;
}

export interface AdminOptions {
  url?: string;
  'admin-token'?: string;
  'data-dir'?: string;
}

export function adminTarget(options: AdminOptions, env: NodeJS.ProcessEnv = process.env): AdminTarget {
  const url = (options.url ?? env.NULLOPS_REGISTRY_URL ?? `http://127.0.0.1:${env.NULLOPS_REGISTRY_PORT || 7800}`).replace(/\/+$/, '');
  const given = options['admin-token'] ?? env.NULLOPS_REGISTRY_ADMIN_TOKEN;
  if (given) return { url, token: given };
  const file = join(resolve(options['data-dir'] ?? env.NULLOPS_DATA_DIR ?? './.nullops'), 'registry', 'admin-token');
  if (!existsSync(file)) {
    throw new AdminCommandError(`no admin token: ${file} does not exist. Pass --admin-token, set NULLOPS_REGISTRY_ADMIN_TOKEN, or --data-dir the directory the registry runs with.`);
  }
  return { url, token: readFileSync(file, 'utf8').trim() };
}

/** Calls the registry's API as its admin; resolves with the parsed answer of a 2xx. */
export async function adminCall<T>(target: AdminTarget, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${API_BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new AdminCommandError(`the registry at ${target.url} did not answer (${cause}). Is it running? Pass --url or set NULLOPS_REGISTRY_URL.`);
  }
  const text = await response.text();
  let parsed: { error?: { code?: string; message?: string } } | undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new AdminCommandError(`${target.url} answered ${response.status} with something that is not JSON: is it a NullOps plugin registry?`);
  }
  if (!response.ok) {
    const error = parsed?.error;
    const hint = error?.code === 'UNAUTHENTICATED' || error?.code === 'FORBIDDEN' ? ' (is this the admin token of this registry?)' : '';
    throw new AdminCommandError(`${error?.code ?? `HTTP ${response.status}`}: ${error?.message ?? text}${hint}`);
  }
  return parsed as T;
}
