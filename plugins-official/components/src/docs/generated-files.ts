// Where the generated files of an official plugin live and what they must contain.
import { join } from 'node:path';
import { COMPONENTS_ROOT, type OfficialPlugin } from '../official-plugins.js';

export function manifestFileText(plugin: OfficialPlugin): string {
  return `${JSON.stringify(plugin.manifest, null, 2)}\n`;
}

export function docsPagePath(plugin: OfficialPlugin): string {
  return join(COMPONENTS_ROOT, '..', '..', 'docs', 'plugins', 'components', `${plugin.id}.md`);
}
