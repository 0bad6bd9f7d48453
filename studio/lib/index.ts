// @nullops/studio as seen from Node: where the built studio lives, for the control plane to serve at /.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder `vite build` writes (index.html and assets/); present after `npm start` or `npm run build -w studio`. */
export const studioDistDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'app');

/** The studio's static folder, or undefined when it has not been built yet. */
export function builtStudioDir(): string | undefined {
  return existsSync(join(studioDistDir, 'index.html')) ? studioDistDir : undefined;
}
