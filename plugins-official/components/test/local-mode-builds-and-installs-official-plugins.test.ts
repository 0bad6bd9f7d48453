// Local mode ships the official plugins: ensureOfficialPlugins builds their images (once per content),
// serves them from a loopback registry in the data directory and installs them into a real control
// plane's catalog, pinned to the digests that registry serves; Docker pulls them from it by digest.
// A second call builds, stores and installs nothing.
import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_IMAGE, startTestControlPlane, TEST_ADMIN, signIn, call } from '@nullops/core/testing';
import { MANIFEST_LABEL } from '@nullops/core/contracts';
import { ensureOfficialPlugins, LOCAL_PLUGIN_REGISTRY_NAME } from '../src/local-mode/ensure-official-plugins.js';
import { OFFICIAL_PLUGINS } from '../src/official-plugins.js';
import { docker } from './support/world.js';

const tcp = await startTestControlPlane({ port: 0 });
const base = await tcp.controlPlane.listen();
const dataDir = mkdtempSync(join(tmpdir(), 'nullops-local-plugins-'));
const pulled: string[] = [];
t.teardown(async () => {
  for (const reference of pulled) await docker.getImage(reference).remove().catch(() => undefined);
  await tcp.close();
  rmSync(dataDir, { recursive: true, force: true });
});
const options = { docker, dataDir, api: { url: base, ...TEST_ADMIN }, baseImage: NODE_IMAGE, imagePrefix: 'nullops-components-test' };

t.test('the first call builds what is missing, serves the images and installs every plugin', async (t) => {
  const progress: string[] = [];
  const shipped = await ensureOfficialPlugins({ ...options, onProgress: (m) => progress.push(m) });
  t.teardown(() => shipped.stop());
  t.same(shipped.installed.sort(), OFFICIAL_PLUGINS.map((p) => `${p.manifest.name}@${p.manifest.version}`).sort(), 'every official plugin was installed');
  t.match(progress.at(-1), `official plugins: ${OFFICIAL_PLUGINS.length} in the catalog`, 'progress ends with what was done');
  t.ok(progress.some((m) => /storing \d+ image\(s\)/.test(m)), 'progress says the images are being stored');

  const cookie = await signIn(tcp.app, TEST_ADMIN.username, TEST_ADMIN.password);
  const catalog = await call(tcp.app, { cookie }, 'GET', '/api/v1/plugins?limit=100');
  t.same(catalog.body.items.map((p: { name: string }) => p.name).sort(), OFFICIAL_PLUGINS.map((p) => p.manifest.name).sort(), 'the catalog lists them');
  const registries = await call(tcp.app, { cookie }, 'GET', '/api/v1/registries?limit=100');
  t.ok(registries.body.items.some((r: { name: string; url: string }) => r.name === LOCAL_PLUGIN_REGISTRY_NAME && r.url === shipped.registryUrl), 'the loopback registry is in the catalog');

  const sqlExec = (await call(tcp.app, { cookie }, 'GET', '/api/v1/plugins/nullops/sql-exec/1.0.0')).body;
  t.match(sqlExec.image, new RegExp(`^127\\.0\\.0\\.1:\\d+/nullops-components-test/sql-exec@sha256:[a-f0-9]{64}$`), 'it is pinned by digest in the loopback registry');
  // Not execFileSync: the registry answers from this very process.
  await promisify(execFile)('docker', ['pull', '-q', sqlExec.image]);
  pulled.push(sqlExec.image);
  const labels = (await docker.getImage(sqlExec.image).inspect()).Config.Labels ?? {};
  t.equal(JSON.parse(labels[MANIFEST_LABEL]).name, 'nullops/sql-exec', 'Docker pulls it by that digest, manifest label and all');
});

t.test('a second call builds, stores and installs nothing', async (t) => {
  const progress: string[] = [];
  const again = await ensureOfficialPlugins({ ...options, onProgress: (m) => progress.push(m) });
  t.teardown(() => again.stop());
  t.same(again.built, [], 'nothing rebuilt');
  t.same(again.installed, [], 'nothing reinstalled');
  t.notOk(progress.some((m) => /building|storing/.test(m)), `no build or store progress (${progress.join(' | ')})`);
});
