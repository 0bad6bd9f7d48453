// Local mode ships the official component plugins: builds each image when missing (the tag carries a
// hash of its content, so an unchanged plugin is never rebuilt), keeps the images in a loopback registry
// served from the data directory (the catalog pins digests a registry serves), and installs every
// plugin version the catalog lacks through the API as the first admin. Long work reports progress.
// Called in the background once the control plane is ready — never on the path to /readyz.
import Docker from 'dockerode';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsPagePath } from '../docs/generated-files.js';
import { ensurePluginImage } from '../images/plugin-image.js';
import { OFFICIAL_PLUGINS } from '../official-plugins.js';
import { LocalImageRegistry } from './local-image-registry.js';

export const LOCAL_PLUGIN_REGISTRY_NAME = 'nullops-local-plugins';

export interface EnsureOfficialPluginsOptions {
  /** The Docker engine to build on; default the local socket. */
  docker?: Docker;
  /** The data directory; the images are kept under `<dataDir>/plugin-images`. */
  dataDir: string;
  /** The control plane's base URL and an admin who may install plugins (local mode's first admin). */
  api: { url: string; username: string; password: string };
  /** The images' base (a Node.js runtime); default node:20-alpine. */
  baseImage?: string;
  /** Repository prefix of the built images; default `nullops` (tests share theirs). */
  imagePrefix?: string;
  /** Port of the loopback registry; default the one used last time (the catalog remembers it), else a free one. */
  registryPort?: number;
  onProgress: (message: string) => void;
}

/** One official plugin version as a plugin registry takes it: the manifest naming the served image, its digest, the README. */
export interface ServedOfficialPlugin {
  manifest: Record<string, unknown> & { name: string; version: string; image: string };
  image: { reference: string; digest: string };
  readme: string;
}

export interface OfficialPlugins {
  registryUrl: string;
  /** Every official plugin as served now (what local mode publishes into its plugin registry). */
  served: ServedOfficialPlugin[];
  /** Plugins whose image was built in this call. */
  built: string[];
  /** Plugin versions installed into the catalog in this call. */
  installed: string[];
  /** Stops serving the images (agents that already pulled them keep them). */
  stop(): Promise<void>;
}

export class OfficialPluginsError extends Error {}

export async function ensureOfficialPlugins(options: EnsureOfficialPluginsOptions): Promise<OfficialPlugins> {
  const say = options.onProgress;
  const docker = options.docker ?? new Docker();
  const registry = new LocalImageRegistry(join(options.dataDir, 'plugin-images'));
  const images: { id: string; repository: string; tag: string }[] = [];
  const built: string[] = [];
  for (const [index, plugin] of OFFICIAL_PLUGINS.entries()) {
    const image = await ensurePluginImage(docker, plugin, {
      baseImage: options.baseImage,
      prefix: options.imagePrefix,
      // One line per image built (Docker's own step lines would print the whole manifest label).
      onProgress: (line) => {
        if (line.startsWith('Step 1/')) say(`official plugins: building ${plugin.manifest.name} (${index + 1}/${OFFICIAL_PLUGINS.length})`);
      },
    });
    if (image.built) built.push(plugin.manifest.name);
    const colon = image.reference.lastIndexOf(':');
    images.push({ id: plugin.id, repository: image.reference.slice(0, colon), tag: image.reference.slice(colon + 1) });
  }
  const missing = images.filter((i) => !registry.has(i.repository, i.tag));
  if (missing.length) {
    say(`official plugins: storing ${missing.length} image(s) in ${registry.dir}`);
    await registry.importFromEngine(docker, missing.map((i) => `${i.repository}:${i.tag}`));
  }

  const portFile = join(registry.dir, 'port');
  const remembered = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
  const served = await registry.listen(options.registryPort ?? remembered).catch(() => registry.listen(0));
  writeFileSync(portFile, `${served.port}\n`);
  const registryUrl = `http://127.0.0.1:${served.port}`;
  try {
    const installed = await installMissing(options.api, registryUrl, images, registry, say);
    say(`official plugins: ${OFFICIAL_PLUGINS.length} in the catalog${installed.length ? ` (installed ${installed.join(', ')})` : ''}; images served from ${registryUrl}`);
    const host = new URL(registryUrl).host;
    const servedPlugins = images.map((image) => {
      const plugin = OFFICIAL_PLUGINS.find((p) => p.id === image.id)!;
      const reference = `${host}/${image.repository}:${image.tag}`;
      const docs = docsPagePath(plugin);
      return { manifest: { ...plugin.manifest, image: reference }, image: { reference, digest: registry.digestOf(image.repository, image.tag) }, readme: existsSync(docs) ? readFileSync(docs, 'utf8') : '' };
    });
    return { registryUrl, served: servedPlugins, built, installed, stop: served.close };
  } catch (error) {
    await served.close();
    throw error;
  }
}

async function installMissing(api: EnsureOfficialPluginsOptions['api'], registryUrl: string, images: { id: string; repository: string; tag: string }[], registry: LocalImageRegistry, say: (m: string) => void): Promise<string[]> {
  const call = await signIn(api);
  const registries = (await call('GET', '/registries?limit=500')).items as { id: string; name: string; url: string }[];
  let catalogRegistry = registries.find((r) => r.name === LOCAL_PLUGIN_REGISTRY_NAME);
  if (!catalogRegistry) catalogRegistry = await call('POST', '/registries', { name: LOCAL_PLUGIN_REGISTRY_NAME, url: registryUrl });
  else if (catalogRegistry.url.replace(/\/+$/, '') !== registryUrl) await call('PATCH', `/registries/${catalogRegistry.id}`, { url: registryUrl });
  const installed: string[] = [];
  for (const image of images) {
    const plugin = OFFICIAL_PLUGINS.find((p) => p.id === image.id)!;
    const label = `${plugin.manifest.name}@${plugin.manifest.version}`;
    const present = await call('GET', `/plugins/${plugin.manifest.name}/${plugin.manifest.version}`, undefined, [404]);
    if (present) {
      if (present.digest !== registry.digestOf(image.repository, image.tag)) say(`official plugins: ${label} is installed from another build; keeping it (a changed plugin needs a new version)`);
      continue;
    }
    const { host } = new URL(registryUrl);
    await call('POST', '/plugins', { manifest: { ...plugin.manifest, image: `${host}/${image.repository}:${image.tag}` }, registryId: catalogRegistry!.id });
    installed.push(label);
  }
  return installed;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON answers of the API, read as a client would
type Call = (method: string, path: string, body?: unknown, tolerated?: number[]) => Promise<any>;

async function signIn(api: EnsureOfficialPluginsOptions['api']): Promise<Call> {
  const base = `${api.url.replace(/\/+$/, '')}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: api.username, password: api.password }) });
  if (login.status !== 200) throw new OfficialPluginsError(`cannot sign in as "${api.username}" to install the official plugins (HTTP ${login.status}); local mode needs the first admin's password (NULLOPS_ADMIN_PASSWORD or admin.password in the data directory)`);
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  return async (method, path, body, tolerated = []) => {
    const response = await fetch(`${base}${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (tolerated.includes(response.status)) return null;
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new OfficialPluginsError(`${method} ${path} answered ${response.status}: ${parsed?.error?.message ?? text}`);
    return parsed;
  };
}
