// Every official plugin passes its fixtures with the SDK's own `nullops-plugin test` (the one runner the
// agent uses): each image — built once per content, on the local Node.js base — runs on a network with
// real services (PostgreSQL, an HTTP server, fake-keycloak) and must print the expected document.
import t from 'tap';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OFFICIAL_PLUGINS } from '../src/official-plugins.js';
import { testImage } from './support/run-plugin.js';
import { startWorld } from './support/world.js';

// The `nullops-plugin` bin of the SDK, next to its main module (dist/src/index.js → dist/src/cli/main.js).
const cli = join(dirname(fileURLToPath(import.meta.resolve('@nullops/sdk'))), 'cli', 'main.js');
const [world] = await Promise.all([startWorld(['db', 'api', 'keycloak']), ...OFFICIAL_PLUGINS.map((p) => testImage(p.id))]);
t.teardown(() => world.stop());

/** `nullops-plugin test` of one plugin, three at a time (each fixture is a container start). */
const limit = 3;
let active = 0;
const waiting: (() => void)[] = [];
async function fixtureRun(dir: string, image: string): Promise<{ code: number; output: string }> {
  if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  try {
    const done = await promisify(execFile)(process.execPath, [cli, 'test', '--dir', dir, '--image', image, '--network', world.network]).then(
      (r) => ({ code: 0, output: `${r.stdout}${r.stderr}` }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
    );
    return done;
  } finally {
    active--;
    waiting.shift()?.();
  }
}
const runs = new Map(OFFICIAL_PLUGINS.map((p) => [p.id, testImage(p.id).then((image) => fixtureRun(p.dir, image))]));

for (const plugin of OFFICIAL_PLUGINS) {
  t.test(plugin.manifest.name, async (t) => {
    const run = await runs.get(plugin.id)!;
    t.equal(run.code, 0, `nullops-plugin test passes every fixture:\n${run.output}`);
    const fixtures = readdirSync(join(plugin.dir, 'fixtures')).filter((f) => f.endsWith('.input.json')).length;
    t.ok(fixtures >= 3, `${plugin.id} has fixtures for success and failure`);
    t.match(run.output, `${fixtures} passed, 0 failed`, 'every fixture ran and passed');
  });
}
