// Talks to container registries over the Registry HTTP API v2 / OCI distribution: lists tags (following
// `Link` pagination), resolves a tag to its manifest digest, and checks credentials. Authentication
// follows the registry's challenge: none, Basic, or the Bearer token flow (`WWW-Authenticate: Bearer
// realm=…,service=…,scope=…`, a token fetched from the realm). Failures become RegistryError with a code
// the API answers with, never an unexplained 500.
//
// A registry is an outside party: redirects are followed only on the registry's own origin, every answer
// is read up to a size cap and within a time limit, and what the registry says in an error is cut to one
// short line of plain text before a user sees it.
import { createHash } from 'node:crypto';

export type RegistryErrorCode = 'REGISTRY_UNREACHABLE' | 'REGISTRY_AUTH_FAILED' | 'REGISTRY_NOT_FOUND';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface RegistryAccess {
  /** e.g. `https://registry-1.docker.io`, `http://127.0.0.1:5001` */
  url: string;
  username?: string | null;
  password?: string | null;
}

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

const MAX_PAGES = 50;
export const REGISTRY_LIMITS = {
  /** Bytes of one answer (a tag page, a manifest, a token, an error). */
  maxResponseBytes: 4 * 1024 * 1024,
  /** Redirects followed on the same origin. */
  maxRedirects: 5,
  /** Characters of a registry's own error text shown to users. */
  maxErrorText: 200,
  timeoutMs: 15_000,
} as const;

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses one `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  for (const part of match[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) params[part[1].toLowerCase()] = part[2] ?? part[3];
  return { scheme, params };
}

/** The `rel="next"` target of a `Link` header, resolved against the request URL. */
export function nextLink(header: string | null, base: URL): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return new URL(match[1], base);
  }
  return undefined;
}

export class RegistryClient {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  /** Requests sent to registries and token services (tests read it to see pages and cached tokens at work). */
  requestsMade = 0;

  constructor(private readonly options: { timeoutMs?: number; pageSize?: number } = {}) {}

  /** Every tag of `repository`, in the registry's order. */
  async listTags(registry: RegistryAccess, repository: string): Promise<string[]> {
    const scope = `repository:${repository}:pull`;
    let url: URL | undefined = this.url(registry, `/v2/${repository}/tags/list?n=${this.options.pageSize ?? 1000}`);
    const tags: string[] = [];
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const response = await this.send(registry, url, { scope, what: `the tags of ${repository}` });
      if (response.status === 404) throw new RegistryError('REGISTRY_NOT_FOUND', `The registry at ${registry.url} has no image "${repository}".`);
      await this.expectOk(response, registry, `listing the tags of ${repository}`);
      const body = (await readJson(response, registry, `the tag list of ${repository}`)) as { tags?: unknown } | null;
      if (!body || (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags))) {
        throw new RegistryError('REGISTRY_UNREACHABLE', `The registry at ${registry.url} answered the tag list of ${repository} with something that is not a tag list.`);
      }
      tags.push(...((body.tags as unknown[] | null) ?? []).filter((t): t is string => typeof t === 'string'));
      url = nextLink(response.headers.get('link'), url);
    }
    return tags;
  }

  /** The digest (`sha256:…`) of `repository:reference` as the registry serves it. */
  async resolveDigest(registry: RegistryAccess, repository: string, reference: string): Promise<string> {
    const url = this.url(registry, `/v2/${repository}/manifests/${reference}`);
    const headers = { accept: MANIFEST_MEDIA_TYPES.join(', ') };
    const scope = `repository:${repository}:pull`;
    const head = await this.send(registry, url, { method: 'HEAD', headers, scope, what: `${repository}:${reference}` });
    if (head.status === 404) throw new RegistryError('REGISTRY_NOT_FOUND', `The registry at ${registry.url} has no image "${repository}:${reference}".`);
    await this.expectOk(head, registry, `reading the manifest of ${repository}:${reference}`);
    const digest = head.headers.get('docker-content-digest');
    if (digest && /^sha256:[a-f0-9]{64}$/.test(digest)) return digest;
    // Not every registry sends the digest header on HEAD: the digest is the SHA-256 of the manifest bytes.
    const get = await this.send(registry, url, { headers, scope, what: `${repository}:${reference}` });
    await this.expectOk(get, registry, `reading the manifest of ${repository}:${reference}`);
    return `sha256:${createHash('sha256').update(await readBody(get, registry, `the manifest of ${repository}:${reference}`)).digest('hex')}`;
  }

  /** Whether the registry answers and accepts the credentials (`GET /v2/`). */
  async check(registry: RegistryAccess): Promise<{ ok: boolean; message: string }> {
    try {
      const response = await this.send(registry, this.url(registry, '/v2/'), { what: 'the API root' });
      await this.expectOk(response, registry, 'checking the API root');
      return { ok: true, message: `${registry.url} answers${registry.username ? ` and accepts the credentials of "${registry.username}"` : ''}.` };
    } catch (error) {
      if (error instanceof RegistryError) return { ok: false, message: error.message };
      throw error;
    }
  }

  private url(registry: RegistryAccess, path: string): URL {
    return new URL(path, registry.url.replace(/\/+$/, '') + '/');
  }

  private async expectOk(response: Response, registry: RegistryAccess, doing: string): Promise<void> {
    if (response.ok) return;
    const detail = await registryErrorText(response);
    if (response.status === 401 || response.status === 403) {
      throw new RegistryError('REGISTRY_AUTH_FAILED', `The registry at ${registry.url} refused ${doing} (HTTP ${response.status}${detail}).`);
    }
    if (response.status === 404) throw new RegistryError('REGISTRY_NOT_FOUND', `The registry at ${registry.url} found nothing for ${doing} (HTTP 404${detail}).`);
    throw new RegistryError('REGISTRY_UNREACHABLE', `The registry at ${registry.url} failed ${doing} (HTTP ${response.status}${detail}).`);
  }

  /** One request, answering the registry's authentication challenge once if it makes one. */
  private async send(registry: RegistryAccess, url: URL, options: { method?: string; headers?: Record<string, string>; scope?: string; what: string }): Promise<Response> {
    const cacheKey = this.tokenKey(registry, options.scope);
    const cached = this.tokens.get(cacheKey);
    let authorization = cached && cached.expiresAt > Date.now() ? `Bearer ${cached.token}` : undefined;
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetch(registry, url, { method: options.method ?? 'GET', headers: { ...options.headers, ...(authorization ? { authorization } : {}) } });
      if (response.status !== 401 || attempt === 1) {
        if (response.status === 401) {
          await response.body?.cancel();
          throw new RegistryError(
            'REGISTRY_AUTH_FAILED',
            registry.username
              ? `The registry at ${registry.url} rejected the credentials of "${registry.username}" for ${options.what}.`
              : `The registry at ${registry.url} needs credentials for ${options.what} (or it does not exist there); add a username and password to the registry.`,
          );
        }
        return response;
      }
      const challenge = parseChallenge(response.headers.get('www-authenticate'));
      await response.body?.cancel();
      if (challenge?.scheme === 'basic') {
        if (!registry.username) throw new RegistryError('REGISTRY_AUTH_FAILED', `The registry at ${registry.url} needs a username and password; none are configured.`);
        authorization = `Basic ${Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64')}`;
      } else if (challenge?.scheme === 'bearer' && challenge.params.realm) {
        const token = await this.fetchToken(registry, challenge, options.scope, cacheKey);
        authorization = `Bearer ${token}`;
      } else {
        throw new RegistryError('REGISTRY_AUTH_FAILED', `The registry at ${registry.url} answered 401 without an authentication challenge NullOps understands.`);
      }
    }
  }

  private async fetchToken(registry: RegistryAccess, challenge: Challenge, scope: string | undefined, cacheKey: string): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm);
    } catch {
      throw new RegistryError('REGISTRY_AUTH_FAILED', `The registry at ${registry.url} names a token service that is not a URL: "${challenge.params.realm}".`);
    }
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    const wanted = challenge.params.scope ?? scope;
    if (wanted) realm.searchParams.set('scope', wanted);
    const headers: Record<string, string> = registry.username
      ? { authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64')}` }
      : {};
    const response = await this.fetch(registry, realm, { method: 'GET', headers }, `the token service ${realm.origin}`);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new RegistryError(
        'REGISTRY_AUTH_FAILED',
        registry.username
          ? `The token service of ${registry.url} rejected the credentials of "${registry.username}".`
          : `The token service of ${registry.url} gives no anonymous access; add a username and password to the registry.`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError('REGISTRY_UNREACHABLE', `The token service of ${registry.url} (${realm.origin}) failed with HTTP ${response.status}.`);
    }
    const body = (await readJson(response, registry, 'a token')) as { token?: unknown; access_token?: unknown; expires_in?: unknown } | null;
    const token = typeof body?.token === 'string' ? body.token : typeof body?.access_token === 'string' ? body.access_token : undefined;
    if (!token) throw new RegistryError('REGISTRY_AUTH_FAILED', `The token service of ${registry.url} answered without a token.`);
    // Tokens live at least 60 s by the specification; keep a margin so one never expires mid-request.
    const lifetime = typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(cacheKey, { token, expiresAt: Date.now() + Math.max(lifetime - 10, 5) * 1000 });
    return token;
  }

  private tokenKey(registry: RegistryAccess, scope: string | undefined): string {
    const who = createHash('sha256').update(`${registry.username ?? ''}\0${registry.password ?? ''}`).digest('hex').slice(0, 16);
    return `${registry.url}\0${who}\0${scope ?? ''}`;
  }

  /** One HTTP exchange; redirects only within the origin asked, the whole exchange (body included) within the time limit. */
  private async fetch(registry: RegistryAccess, url: URL, init: RequestInit, what = registry.url): Promise<Response> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? REGISTRY_LIMITS.timeoutMs);
    let target = url;
    for (let redirects = 0; ; redirects++) {
      this.requestsMade++;
      let response: Response;
      try {
        response = await fetch(target, { ...init, redirect: 'manual', signal });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = (error as Error).name === 'TimeoutError' ? 'it did not answer in time' : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw new RegistryError('REGISTRY_UNREACHABLE', `Cannot reach ${what} (${plainText(reason)}).`);
      }
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (location === null) return response;
      await response.body?.cancel();
      let next: URL;
      try {
        next = new URL(location, target);
      } catch {
        throw new RegistryError('REGISTRY_UNREACHABLE', `${what} redirected to something that is not a URL.`);
      }
      if (next.origin !== target.origin) {
        throw new RegistryError('REGISTRY_UNREACHABLE', `${what} redirected to another host (${next.origin}); NullOps follows redirects only on the registry's own host.`);
      }
      if (redirects >= REGISTRY_LIMITS.maxRedirects) throw new RegistryError('REGISTRY_UNREACHABLE', `${what} redirected more than ${REGISTRY_LIMITS.maxRedirects} times.`);
      target = next;
    }
  }
}

/** The body, read up to the size cap (the time limit is the request's). */
async function readBody(response: Response, registry: RegistryAccess, what: string, limit: number = REGISTRY_LIMITS.maxResponseBytes): Promise<Buffer> {
  const tooLarge = () => new RegistryError('REGISTRY_UNREACHABLE', `The registry at ${registry.url} answered ${what} with more than ${Math.round(limit / 1024)} KiB; NullOps reads at most that much.`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError('REGISTRY_UNREACHABLE', `The registry at ${registry.url} did not finish sending ${what} (${(error as Error).name === 'TimeoutError' ? 'it took too long' : plainText((error as Error).message)}).`);
  }
  return Buffer.concat(chunks);
}

/** The body as JSON, or null when it is not JSON; size and time as readBody. */
async function readJson(response: Response, registry: RegistryAccess, what: string, limit?: number): Promise<unknown> {
  const body = await readBody(response, registry, what, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}

/** One short line of plain text: no control characters or markup, whitespace collapsed, cut to the cap. */
export function plainText(text: string, max: number = REGISTRY_LIMITS.maxErrorText): string {
  const line = text
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\ud800-\udfff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

async function registryErrorText(response: Response): Promise<string> {
  const body = (await readBody(response, { url: '' }, 'an error', 64 * 1024)
    .then((bytes) => JSON.parse(bytes.toString('utf8')))
    .catch(() => null)) as { errors?: { code?: unknown; message?: unknown }[] } | null;
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  const code = typeof first?.code === 'string' && /^[A-Z_]{1,40}$/.test(first.code) ? first.code : undefined;
  const message = typeof first?.message === 'string' ? plainText(first.message) : undefined;
  const text = [code, message].filter(Boolean).join(' ');
  return text ? `: ${text}` : '';
}
