// Reads an image's `dev.nullops.plugin.manifest` label straight from its container registry (Registry
// HTTP API v2: manifest by digest → config blob), anonymously or with the registry's anonymous Bearer
// token. A registry that cannot be reached (or wants credentials) is reported as such, so a publish
// can go ahead without the check; one that answers is believed.
import { MANIFEST_LABEL } from '@nullops/core/contracts';

export type LabelReading =
  | { reachable: false; reason: string }
  | { reachable: true; missing: string }
  | { reachable: true; label: string | undefined };

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Splits `host/path:tag@digest`; an image without a host is on Docker Hub. */
export function imageLocation(reference: string): { base: string; repository: string } {
  const withoutDigest = reference.split('@')[0];
  const slash = withoutDigest.indexOf('/');
  const first = slash > 0 ? withoutDigest.slice(0, slash) : '';
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const host = hasHost ? first : 'registry-1.docker.io';
  let path = hasHost ? withoutDigest.slice(slash + 1) : withoutDigest;
  path = path.replace(/:[^:/]+$/, '');
  if (!hasHost && !path.includes('/')) path = `library/${path}`;
  const plain = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return { base: `${plain ? 'http' : 'https'}://${host}`, repository: path };
}

/** The repository an image reference names (host included, tag and digest removed). */
export function repositoryOf(reference: string): string {
  const { base, repository } = imageLocation(reference);
  return `${new URL(base).host}/${repository}`;
}

export async function readManifestLabel(reference: string, digest: string, timeoutMs: number): Promise<LabelReading> {
  const { base, repository } = imageLocation(reference);
  const signal = AbortSignal.timeout(timeoutMs);
  let token: string | undefined;
  const get = async (path: string, accept: string): Promise<Response> => {
    const send = () => fetch(`${base}${path}`, { headers: { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
    let response = await send();
    if (response.status === 401 && !token) {
      token = await anonymousToken(response.headers.get('www-authenticate'), repository, signal);
      if (token) response = await send();
    }
    return response;
  };
  try {
    let manifestResponse = await get(`/v2/${repository}/manifests/${digest}`, ACCEPT);
    if (manifestResponse.status === 401 || manifestResponse.status === 403) return { reachable: false, reason: `${base} wants credentials to read ${repository}` };
    if (manifestResponse.status === 404) return { reachable: true, missing: `${base} has no image ${repository}@${digest}: push it first` };
    if (!manifestResponse.ok) return { reachable: false, reason: `${base} answered ${manifestResponse.status}` };
    let manifest = (await manifestResponse.json()) as { manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[]; config?: { digest: string } };
    if (manifest.manifests) {
      const chosen = manifest.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? manifest.manifests[0];
      if (!chosen) return { reachable: true, label: undefined };
      manifestResponse = await get(`/v2/${repository}/manifests/${chosen.digest}`, ACCEPT);
      if (!manifestResponse.ok) return { reachable: false, reason: `${base} answered ${manifestResponse.status} for ${chosen.digest}` };
      manifest = (await manifestResponse.json()) as typeof manifest;
    }
    if (!manifest.config?.digest) return { reachable: true, label: undefined };
    const config = await get(`/v2/${repository}/blobs/${manifest.config.digest}`, 'application/json, */*');
    if (!config.ok) return { reachable: false, reason: `${base} answered ${config.status} for the image config` };
    const body = (await config.json()) as { config?: { Labels?: Record<string, string> | null } };
    return { reachable: true, label: body.config?.Labels?.[MANIFEST_LABEL] };
  } catch (error) {
    return { reachable: false, reason: `${base} did not answer: ${(error as Error).message}` };
  }
}

async function anonymousToken(challenge: string | null, repository: string, signal: AbortSignal): Promise<string | undefined> {
  const match = challenge && /^Bearer\s+(.*)$/i.exec(challenge);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[1].matchAll(/(\w+)="([^"]*)"/g)) params[part[1].toLowerCase()] = part[2];
  if (!params.realm) return undefined;
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', `repository:${repository}:pull`);
  const response = await fetch(url, { signal });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}
