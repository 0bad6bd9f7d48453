// Makes an image present on the node: pulled with the plan's credentials when missing, progress
// reported as layers complete.
import type Docker from 'dockerode';
import type { PullAuth, Sync } from '@nullops/core/contracts';
import type { AgentLogger } from '../observability/logger.js';

/** The registry host of an image reference (`docker.io` when the first path part is not a host). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

export function authConfigFor(image: string, pullAuth: PullAuth | undefined): Record<string, string> | undefined {
  if (!pullAuth) return undefined;
  const serveraddress = registryOf(image);
  return 'token' in pullAuth ? { registrytoken: pullAuth.token, serveraddress } : { username: pullAuth.username, password: pullAuth.password, serveraddress };
}

export async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

/** A tag-less reference pulls `:latest`; a digest or tag is kept. */
const withTag = (image: string): string => (image.includes('@') || /:[^/]+$/.test(image) ? image : `${image}:latest`);

/**
 * Pulls `image` unless it is already present (the plan pins tags or digests, so "present" means "this
 * version"). Reports "n/m layers" at most every two seconds.
 */
export async function ensureImage(docker: Docker, image: string, pullAuth: PullAuth | undefined, onProgress: (message: string) => void): Promise<'present' | 'pulled'> {
  if (await imagePresent(docker, image)) return 'present';
  const stream = await docker.pull(withTag(image), { authconfig: authConfigFor(image, pullAuth) });
  const layers = new Map<string, string>();
  let lastReport = 0;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: { error?: string }[]) => {
        const failed = error?.message ?? output?.find((o) => o.error)?.error;
        if (failed) reject(new Error(failed));
        else resolve();
      },
      (event: { id?: string; status?: string }) => {
        if (event.id && event.status) layers.set(event.id, event.status);
        const now = Date.now();
        if (now - lastReport > 2000 && layers.size > 0) {
          lastReport = now;
          const done = [...layers.values()].filter((s) => /complete|already exists/i.test(s)).length;
          onProgress(`${done}/${layers.size} layers`);
        }
      },
    );
  });
  return 'pulled';
}

/** Starts pulling the plugin images a `sync` lists (pinned to their digest), so their first run does not wait; a failure is only logged. */
export function prePullPlugins(docker: Docker, plugins: Sync['plugins'], log: AgentLogger): void {
  for (const plugin of plugins) {
    const reference = plugin.image.includes('@') || !plugin.digest ? plugin.image : `${plugin.image.replace(/:[^/:]+$/, '')}@${plugin.digest}`;
    ensureImage(docker, reference, plugin.pullAuth, () => undefined).catch((error: Error) => log.warn(`cannot pre-pull plugin ${plugin.name}@${plugin.version}: ${error.message}`));
  }
}
