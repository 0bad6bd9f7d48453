// What the studio's benches share: their output (progress lines, medians, milliseconds) and the built
// studio they serve, refused with the command to run when it is missing. The browser and the sign-in come
// from the studio's test support (studio/dist/test/support/browser.js, built by `npm run build`).
import { builtStudioDir } from '@nullops/studio';

export const say = (message) => console.log(`[bench] ${message}`);
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const ms = (value) => `${value.toFixed(0)} ms`;

/** The built studio's folder; without one, says how to build it and exits. */
export function requireBuiltStudio() {
  const studioDir = builtStudioDir();
  if (!studioDir) {
    console.error('[bench] the studio is not built: run `npm run build -w studio` first.');
    process.exit(1);
  }
  return studioDir;
}
