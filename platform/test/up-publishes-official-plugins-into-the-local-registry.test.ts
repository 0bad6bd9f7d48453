// `nullops up` (what `npm start` runs) starts the local plugin registry and publishes the official
// components into it, with the digests of the images local mode serves, as publisher `nullops` marked
// official; the registry is the control plane's plugin source "local". The marketplace search relayed by
// the control plane finds them with official=true, one installs from that source (the source's digest
// pinned, the install counted), and a second start publishes nothing twice.
import t from 'tap';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_IMAGE } from '@nullops/core/testing';
import { runUp, signInAsAdmin, type RunningUp } from './support/nullops-up.js';

const OFFICIAL = ['nullops/http-request', 'nullops/http-wait', 'nullops/keycloak-user', 'nullops/postgres-create-db', 'nullops/shell', 'nullops/sql-exec', 'nullops/tcp-wait'];

/** `nullops up` on a data directory, until the official plugins are published into its registry. */
async function up(dataDir: string): Promise<RunningUp & { registry: string }> {
  const running = await runUp(dataDir, {
    env: { NULLOPS_LOCAL_AGENT: 'off', NULLOPS_PLUGIN_BASE_IMAGE: NODE_IMAGE },
    ready: {
      what: 'the official plugins to be published into the local registry',
      seconds: 400,
      done: (output) => /official plugins: local registry \S+: /.test(output),
      failed: (output) => /official plugins: not (installed|published)/.test(output),
    },
  });
  const registry = /Registry\s+(http:\/\/\S+) \(plugin source "local"/.exec(running.output())?.[1];
  if (!registry) {
    await running.stop();
    throw new Error(`no registry address in the output:\n${running.output()}`);
  }
  return { ...running, registry };
}

const registryGet = async (registry: string, path: string) => (await fetch(`${registry}/api/v1${path}`)).json() as Promise<any>;

t.test('up publishes the official plugins into its registry, the marketplace finds them, one installs from the default source; a second start publishes nothing twice', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nullops-official-registry-'));
  chmodSync(dataDir, 0o755);
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

  const first = await up(dataDir);
  t.teardown(() => first.stop());
  t.match(first.output(), /official plugins: local registry \S+: 7 official plugin version\(s\) published/, 'it says it published the seven');

  const direct = await registryGet(first.registry, '/search?official=true&limit=50');
  t.same(direct.items.map((i: { name: string }) => i.name).sort(), OFFICIAL, 'the registry lists the seven official plugins');
  t.ok(direct.items.every((i: { publisher: { scope: string; official: boolean } }) => i.publisher.scope === 'nullops' && i.publisher.official), 'published by "nullops", marked official');

  const api = await signInAsAdmin(first.base, readFileSync(join(dataDir, 'admin.password'), 'utf8').trim());
  const sources = (await api('GET', '/plugin-sources')).body.items as { id: string; name: string; url: string }[];
  const local = sources.find((s) => s.name === 'local');
  t.equal(local?.url, first.registry, 'the registry is the control plane’s plugin source "local"');
  const market = await api('GET', `/plugin-sources/${local!.id}/search?official=true&limit=50`);
  t.equal(market.status, 200, JSON.stringify(market.body));
  t.equal(market.body.total, 7, 'the marketplace search relayed by the control plane finds the seven with official=true');
  t.equal((await api('GET', `/plugin-sources/${local!.id}/search?official=false`)).body.total, 0, 'and nothing else');

  // Every published version pins the digest the catalog installed from the same loopback image registry.
  for (const name of OFFICIAL) {
    const [scope, short] = name.split('/');
    const view = await registryGet(first.registry, `/packages/${scope}/${short}`);
    const record = await registryGet(first.registry, `/packages/${scope}/${short}/versions/${view.latestVersion}`);
    const installed = (await api('GET', `/plugins/${name}/${view.latestVersion}`)).body;
    t.equal(record.image.digest, installed.digest, `${name}: the registry’s digest is the one the catalog pinned`);
    t.equal(record.imageChecked, true, `${name}: the registry read the image’s label and it matched`);
    t.match(view.readme, new RegExp(`^# ${name}`), `${name}: its README is the plugin’s documentation page`);
  }

  // Installing from the default source: tcp-wait (no pipeline uses it) is uninstalled, then installed from "local".
  const version = (await registryGet(first.registry, '/packages/nullops/tcp-wait')).latestVersion;
  const digest = (await registryGet(first.registry, `/packages/nullops/tcp-wait/versions/${version}`)).image.digest;
  t.equal((await api('DELETE', '/plugins/nullops/tcp-wait')).status, 204);
  const installed = await api('POST', '/plugins', { source: local!.id, name: 'nullops/tcp-wait', range: '^1' });
  t.equal(installed.status, 201, JSON.stringify(installed.body));
  t.match(installed.body, { name: 'nullops/tcp-wait', version, digest, registry: { name: 'nullops-local-plugins' } }, 'installed from the source with its digest, pulled from the loopback image registry');
  t.equal((await registryGet(first.registry, '/packages/nullops/tcp-wait')).downloads, 1, 'the registry counted the install');
  t.equal(await first.stop(), 0, 'Ctrl-C ends the first run with exit code 0');

  const second = await up(dataDir);
  t.teardown(() => second.stop());
  t.match(second.output(), /official plugins: local registry \S+: 0 official plugin version\(s\) published; 7 already there/, 'the second start publishes nothing');
  const again = await registryGet(second.registry, '/search?official=true&limit=50');
  t.equal(again.total, 7, 'still seven packages');
  for (const name of OFFICIAL) {
    const [scope, short] = name.split('/');
    t.equal((await registryGet(second.registry, `/packages/${scope}/${short}`)).versions.length, 1, `${name}: one version`);
  }
  t.equal(await second.stop(), 0);
});
