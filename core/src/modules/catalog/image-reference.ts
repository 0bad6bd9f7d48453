// Where an image lives: the repository path a registry's API uses (`library/postgres` on Docker Hub),
// the reference Docker pulls (`docker.io/library/postgres`, `127.0.0.1:5001/shop/web`), and how a plugin
// manifest's `image` splits into registry host, repository and tag.

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Docker's grammar for a repository path: lower-case components separated by `/`. */
export const IMAGE_PATTERN = '^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$';

export function registryHost(url: string): string {
  return new URL(url).host;
}

export function isDockerHub(url: string): boolean {
  return DOCKER_HUB_HOSTS.has(registryHost(url));
}

/** The path the registry's API knows the image by. */
export function repositoryPath(registryUrl: string, image: string): string {
  return isDockerHub(registryUrl) && !image.includes('/') ? `library/${image}` : image;
}

/** The reference Docker pulls, without tag or digest. */
export function imageRepository(registryUrl: string, image: string): string {
  const host = isDockerHub(registryUrl) ? 'docker.io' : registryHost(registryUrl);
  return `${host}/${repositoryPath(registryUrl, image)}`;
}

/**
 * Splits `[host[:port]/]path[:tag][@digest]`. The first component is a host when it has a dot or a port,
 * or is `localhost` — Docker's own rule.
 */
export function splitImageReference(reference: string): { host?: string; path: string; tag?: string; digest?: string } {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  const hasHost = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  return { ...(hasHost ? { host: first } : {}), path: hasHost ? rest.slice(slash + 1) : rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Whether an image reference's host (none means Docker Hub) is the registry at `registryUrl`. */
export function hostMatches(host: string | undefined, registryUrl: string): boolean {
  if (!host) return isDockerHub(registryUrl);
  return DOCKER_HUB_HOSTS.has(host) ? isDockerHub(registryUrl) : host === registryHost(registryUrl);
}
