// Local mode calls publishOfficialPlugins on every start: the first call creates publisher `nullops`
// (official) and publishes every version; later calls publish only new versions, leave the others as
// they are, follow the same image (same digest) to a new address, and keep a version whose image changed
// without a new version number (versions are immutable). Search filters them as official. An image whose
// label describes another manifest is refused, and the image's own `image` field is not part of that check.
import t from 'tap';
import { publishOfficialPlugins } from '../src/index.js';
import { fakeDigest, pluginManifest, pushPluginImage, startTestRegistry, UNREACHABLE_IMAGE_HOST } from './support/registry.js';

const registry = await startTestRegistry();
t.teardown(() => registry.close());
const app = registry.server.app;
const suffix = Math.random().toString(36).slice(2, 8);

function plugin(short: string, version: string, digest: string, host = UNREACHABLE_IMAGE_HOST) {
  const image = `${host}/nullops/${short}-${suffix}:${version}-abc`;
  return { manifest: pluginManifest(`nullops/${short}-${suffix}`, version, { image }), image: { reference: image, digest }, readme: `# nullops/${short}` };
}

const digests = { a: fakeDigest(), b: fakeDigest(), a2: fakeDigest() };

t.test('the first start publishes every version as the official publisher', async (t) => {
  const report = await publishOfficialPlugins(app, [plugin('alpha', '1.0.0', digests.a), plugin('beta', '1.0.0', digests.b)]);
  t.same(report, { published: [`nullops/alpha-${suffix}@1.0.0`, `nullops/beta-${suffix}@1.0.0`], present: [], relocated: [], differing: [] });
  t.match((await registry.api('GET', '/publishers/nullops')).body, { scope: 'nullops', official: true });
  const found = (await registry.api('GET', `/search?q=${suffix}&official=true`)).body;
  t.equal(found.total, 2, 'search with official=true lists them');
  t.match((await registry.api('GET', `/packages/nullops/alpha-${suffix}`)).body, { readme: '# nullops/alpha' });
});

t.test('a second start publishes nothing; a new version publishes', async (t) => {
  const again = await publishOfficialPlugins(app, [plugin('alpha', '1.0.0', digests.a), plugin('beta', '1.0.0', digests.b)]);
  t.same(again, { published: [], present: [`nullops/alpha-${suffix}@1.0.0`, `nullops/beta-${suffix}@1.0.0`], relocated: [], differing: [] });
  const next = await publishOfficialPlugins(app, [plugin('alpha', '1.1.0', digests.a2), plugin('beta', '1.0.0', digests.b)]);
  t.same(next.published, [`nullops/alpha-${suffix}@1.1.0`]);
  t.match((await registry.api('GET', `/packages/nullops/alpha-${suffix}`)).body, { latestVersion: '1.1.0', versions: [{ version: '1.1.0' }, { version: '1.0.0' }] });
  t.equal((await registry.api('GET', `/search?q=${suffix}&official=true`)).body.total, 2, 'still two packages');
});

t.test('the same image at a new address is followed; another image under the same version is kept out', async (t) => {
  const moved = plugin('beta', '1.0.0', digests.b, '127.0.0.1:2');
  const report = await publishOfficialPlugins(app, [moved, plugin('alpha', '1.1.0', fakeDigest())]);
  t.same(report.relocated, [`nullops/beta-${suffix}@1.0.0`]);
  t.same(report.differing, [`nullops/alpha-${suffix}@1.1.0`]);
  t.match((await registry.api('GET', `/packages/nullops/beta-${suffix}/versions/1.0.0`)).body, { image: { reference: moved.image.reference, digest: digests.b }, manifest: { image: moved.image.reference } }, 'the reference follows, the digest is the same');
  t.match((await registry.api('GET', `/packages/nullops/alpha-${suffix}/versions/1.1.0`)).body, { image: { digest: digests.a2 } }, 'the published version keeps its image');
});

t.test('the label check reads the image that is served, its own `image` field aside', async (t) => {
  // Built as ghcr-like name, served from the local registry: the label names where it was built.
  const built = pluginManifest(`nullops/gamma-${suffix}`, '1.0.0');
  const served = { ...built, image: built.image.replace(/:1\.0\.0$/, ':1.0.0-served') };
  const digest = pushPluginImage(served, { ...built, image: `ghcr.io/nullops/gamma:1.0.0` });
  const report = await publishOfficialPlugins(app, [{ manifest: served, image: { reference: served.image, digest }, readme: '' }]);
  t.same(report.published, [`nullops/gamma-${suffix}@1.0.0`]);
  t.match((await registry.api('GET', `/packages/nullops/gamma-${suffix}/versions/1.0.0`)).body, { imageChecked: true }, 'the label was read and matched');

  const other = pluginManifest(`nullops/delta-${suffix}`, '1.0.0');
  const otherDigest = pushPluginImage(other, { ...other, description: 'Something else entirely.' });
  await t.rejects(publishOfficialPlugins(app, [{ manifest: other, image: { reference: other.image, digest: otherDigest }, readme: '' }]), { code: 'PLUGIN_INVALID', message: /with different content/ }, 'a label with other content is refused');
});
