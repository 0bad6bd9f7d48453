// Builds an official plugin's image from its folder (Dockerfile, nullops-plugin.json, dist/plugin.mjs)
// unless an image of the same content exists: the tag carries a hash of everything that goes in, so a
// rebuild happens only when the bundle, manifest, Dockerfile or base image changed.
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_LABEL } from '@nullops/core/contracts';
import type { OfficialPlugin } from '../official-plugins.js';

export const DEFAULT_BASE_IMAGE = 'node:20-alpine';
const CONTEXT_FILES = ['Dockerfile', 'nullops-plugin.json', 'dist/plugin.mjs'];

export class PluginImageError extends Error {
  constructor(
    readonly code: 'PLUGIN_NOT_BUNDLED' | 'PLUGIN_IMAGE_BUILD_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export function contentHash(plugin: OfficialPlugin, baseImage: string): string {
  const hash = createHash('sha256').update(`base ${baseImage}\n`);
  for (const file of CONTEXT_FILES) {
    const path = join(plugin.dir, file);
    if (!existsSync(path)) throw new PluginImageError('PLUGIN_NOT_BUNDLED', `${path} is missing: run \`npm run build\` first (it bundles the official plugins)`);
    hash.update(`${file}\n`).update(readFileSync(path));
  }
  return hash.digest('hex');
}

/** `<repository prefix>/<id>:<version>-<first 12 hex of the content hash>` */
export function imageReference(plugin: OfficialPlugin, hash: string, prefix = 'nullops'): string {
  return `${prefix}/${plugin.id}:${plugin.manifest.version}-${hash.slice(0, 12)}`;
}

export interface PluginImage {
  reference: string;
  hash: string;
  built: boolean;
}

export async function ensurePluginImage(
  docker: Docker,
  plugin: OfficialPlugin,
  options: { baseImage?: string; prefix?: string; onProgress?: (line: string) => void } = {},
): Promise<PluginImage> {
  const baseImage = options.baseImage ?? DEFAULT_BASE_IMAGE;
  const hash = contentHash(plugin, baseImage);
  const reference = imageReference(plugin, hash, options.prefix);
  try {
    await docker.getImage(reference).inspect();
    return { reference, hash, built: false };
  } catch {
    // not built yet
  }
  const stream = await docker.buildImage(
    { context: plugin.dir, src: CONTEXT_FILES },
    {
      t: reference,
      buildargs: { BASE_IMAGE: baseImage },
      labels: {
        [MANIFEST_LABEL]: JSON.stringify(plugin.manifest),
        'org.opencontainers.image.title': String(plugin.manifest.title),
        'org.opencontainers.image.version': plugin.manifest.version,
        'org.opencontainers.image.licenses': String(plugin.manifest.license),
        'dev.nullops.plugin.content-hash': hash,
      },
      rm: true,
      forcerm: true,
    },
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: { error?: string }[]) => {
        const failed = error?.message ?? output?.find((o) => o.error)?.error;
        if (failed) reject(new PluginImageError('PLUGIN_IMAGE_BUILD_FAILED', `building ${reference} from ${plugin.dir} failed: ${failed.trim()}${/pull access denied|not found|no such host|manifest unknown/i.test(failed) ? ` (is the base image ${baseImage} reachable? set another one)` : ''}`));
        else resolve();
      },
      (event: { stream?: string }) => {
        const line = event.stream?.trim();
        if (line && /^Step \d+\/\d+/.test(line)) options.onProgress?.(line);
      },
    );
  });
  return { reference, hash, built: true };
}
