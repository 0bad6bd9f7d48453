// The studio's first download — the scripts index.html loads or preloads — stays under 250 KB gzipped,
// so it opens fast on a laptop over a slow VPN. Prints the measured figure.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { studioDistDir } from '../lib/index.js';

const LIMIT = 250 * 1024;

t.test('initial JavaScript is under 250 KB gzipped', async (t) => {
  const index = join(studioDistDir, 'index.html');
  t.ok(existsSync(index), 'the studio is built (npm test builds it when missing)');
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]);
  t.ok(scripts.length > 0, 'index.html loads at least one script');
  let raw = 0;
  let gzipped = 0;
  for (const src of new Set(scripts)) {
    const body = readFileSync(join(studioDistDir, src.replace(/^\//, '')));
    raw += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  t.comment(`initial JavaScript: ${scripts.length} file(s), ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped (limit 250 KB)`);
  t.ok(gzipped < LIMIT, `initial JavaScript is ${(gzipped / 1024).toFixed(1)} KB gzipped`);
});
