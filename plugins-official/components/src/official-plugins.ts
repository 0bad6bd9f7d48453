// The official component plugins: where each one's folder (manifest, Dockerfile, bundle, fixtures) is,
// and its manifest as authored in TypeScript (`npm run generate` writes it to nullops-plugin.json).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifest as httpRequest } from '../http-request/src/manifest.js';
import { manifest as httpWait } from '../http-wait/src/manifest.js';
import { manifest as keycloakUser } from '../keycloak-user/src/manifest.js';
import { manifest as postgresCreateDb } from '../postgres-create-db/src/manifest.js';
import { manifest as shell } from '../shell/src/manifest.js';
import { manifest as sqlExec } from '../sql-exec/src/manifest.js';
import { manifest as tcpWait } from '../tcp-wait/src/manifest.js';

/** The package's folder, from its source (src/) or compiled (dist/src/) location alike. */
export const COMPONENTS_ROOT = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'src')) ? join(here, '..', '..') : join(here, '..');
})();

export interface OfficialPlugin {
  /** The folder name, also the part of the plugin name after `nullops/`. */
  id: string;
  dir: string;
  /** The manifest as `nullops-plugin.json` holds it (TypeBox schemas serialised to plain JSON Schema). */
  manifest: Record<string, unknown> & { name: string; version: string; image: string; input: Record<string, unknown>; output: Record<string, unknown> };
}

const authored = [postgresCreateDb, sqlExec, httpWait, tcpWait, httpRequest, shell, keycloakUser];

export const OFFICIAL_PLUGINS: readonly OfficialPlugin[] = authored.map((manifest) => {
  const id = manifest.name.split('/')[1];
  return { id, dir: join(COMPONENTS_ROOT, id), manifest: JSON.parse(JSON.stringify(manifest)) };
});

export function officialPlugin(id: string): OfficialPlugin {
  const plugin = OFFICIAL_PLUGINS.find((p) => p.id === id);
  if (!plugin) throw new Error(`no official plugin "${id}" (there are: ${OFFICIAL_PLUGINS.map((p) => p.id).join(', ')})`);
  return plugin;
}
