// The studio for `nullops up`: the folder @nullops/studio builds (dist/app) is handed to the control plane
// as studioDir. It is found through the package's location, so the platform builds without the studio.
// A studioDir the operator set wins; without a build, up says how to get one and serves the API alone.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findBuiltStudio(say: (message: string) => void): string | undefined {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('@nullops/studio/package.json'));
  } catch {
    return undefined;
  }
  const dir = join(root, 'dist', 'app');
  if (existsSync(join(dir, 'index.html'))) return dir;
  say('the studio is not built, so only the API is served: run `npm start` (it builds it) or `npm run build -w studio`.');
  return undefined;
}
