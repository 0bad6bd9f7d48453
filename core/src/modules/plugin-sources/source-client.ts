// Talks to a plugin registry: finds its API through /.well-known/nullops.json, relays search, reads a
// version (exact or by range) and counts an install. A source that does not answer, or answers
// something that is not a NullOps registry, becomes a REGISTRY_UNREACHABLE error naming it.
import { ApiError } from '../../kernel/errors.js';

export interface SourceAccess {
  name: string;
  url: string;
  token: string | null;
}

export interface SourceVersion {
  name: string;
  version: string;
  manifest: Record<string, unknown>;
  image: { reference: string; digest: string };
  yanked: boolean;
}

const TIMEOUT_MS = 10_000;

async function request(source: SourceAccess, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...(source.token ? { authorization: `Bearer ${source.token}` } : {}), ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new ApiError('REGISTRY_UNREACHABLE', `The plugin source "${source.name}" at ${source.url} did not answer (${cause}). Check that it runs, or its URL (PATCH is not offered: remove and add it again).`);
  }
}

async function apiBase(source: SourceAccess): Promise<string> {
  const base = source.url.replace(/\/+$/, '');
  const response = await request(source, `${base}/.well-known/nullops.json`);
  const document = (await response.json().catch(() => null)) as { api?: unknown } | null;
  if (!response.ok || typeof document?.api !== 'string') {
    throw new ApiError('REGISTRY_UNREACHABLE', `${source.url} (plugin source "${source.name}") is not a NullOps plugin registry: its /.well-known/nullops.json answered ${response.status} without an "api".`);
  }
  return new URL(document.api, `${base}/`).toString().replace(/\/+$/, '');
}

async function readJson(source: SourceAccess, response: Response, what: string): Promise<unknown> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (response.status === 404) throw new ApiError('NOT_FOUND', `The plugin source "${source.name}" has no ${what}${body?.error?.message ? `: ${body.error.message}` : '.'}`);
  if (!response.ok || !body) throw new ApiError('REGISTRY_UNREACHABLE', `The plugin source "${source.name}" answered ${response.status} for ${what}${body?.error?.message ? `: ${body.error.message}` : ''}.`);
  return body;
}

export async function searchSource(source: SourceAccess, query: Record<string, string | number | undefined>): Promise<{ items: Record<string, unknown>[]; total: number }> {
  const api = await apiBase(source);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const body = (await readJson(source, await request(source, `${api}/search?${params}`), 'search')) as { items?: unknown; total?: unknown };
  if (!Array.isArray(body.items) || typeof body.total !== 'number') throw new ApiError('REGISTRY_UNREACHABLE', `The plugin source "${source.name}" answered a search without items and total.`);
  return { items: body.items as Record<string, unknown>[], total: body.total };
}

/** The version `version` of `name`, or the highest one not yanked that satisfies `range`. */
export async function readSourceVersion(source: SourceAccess, name: string, wanted: { version?: string; range?: string }): Promise<SourceVersion> {
  const api = await apiBase(source);
  const [scope, short] = name.split('/');
  const path = wanted.version
    ? `/packages/${encodeURIComponent(scope)}/${encodeURIComponent(short)}/versions/${encodeURIComponent(wanted.version)}`
    : `/packages/${encodeURIComponent(scope)}/${encodeURIComponent(short)}/resolve?range=${encodeURIComponent(wanted.range ?? '*')}`;
  const what = wanted.version ? `${name}@${wanted.version}` : `version of ${name} satisfying "${wanted.range}"`;
  const body = (await readJson(source, await request(source, `${api}${path}`), what)) as Partial<SourceVersion>;
  if (!body.manifest || typeof body.image?.digest !== 'string' || typeof body.image.reference !== 'string' || typeof body.version !== 'string') {
    throw new ApiError('REGISTRY_UNREACHABLE', `The plugin source "${source.name}" answered ${what} without a manifest and an image digest.`);
  }
  return body as SourceVersion;
}

/** Tells the source a version was installed; its download count is not worth failing an install for. */
export async function countInstall(source: SourceAccess, name: string, version: string): Promise<void> {
  try {
    const api = await apiBase(source);
    const [scope, short] = name.split('/');
    await request(source, `${api}/packages/${scope}/${short}/versions/${encodeURIComponent(version)}/downloads`, { method: 'POST' });
  } catch {
    // the install stands; only the source's statistics miss one
  }
}
