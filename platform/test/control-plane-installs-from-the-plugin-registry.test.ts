// End to end with the real parts: a registry on PostgreSQL, a control plane with a local agent on the
// Docker engine, plugin images in the local container registry. A publisher publishes with
// `nullops-plugin publish`, the control plane finds it through its plugin source's search, installs it (by range and by exact version, the
// source's digest pinned, the install counted), a pipeline version uses it and a deployment runs it.
// A source that is down gives a clear error and changes nothing.
import t from 'tap';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANONYMOUS_REGISTRY } from '@nullops/core/testing';
import { buildPluginImage, pluginManifest, startTestRegistry } from '@nullops/registry/testing';
import { startStack, waitForStatus } from './support/stack.js';

const registry = await startTestRegistry();
t.teardown(() => registry.close());
const stack = await startStack();
t.teardown(() => stack.close());
const { api, admin } = stack;

const scope = `acme-${randomBytes(3).toString('hex')}`;
const token = await registry.createPublisher(scope);
const name = `${scope}/greeter`;
const digests: Record<string, string> = {};
const cli = fileURLToPath(new URL('../../../sdk/plugin-sdk/dist/src/cli/main.js', import.meta.url));
const projects = mkdtempSync(join(tmpdir(), 'nullops-registry-e2e-'));
t.teardown(() => rmSync(projects, { recursive: true, force: true }));
/** `nullops-plugin publish --registry` in a plugin project: pushes the image, publishes manifest, README and changelog. */
/** Runs the CLI without blocking this process, which serves the registry it talks to. */
function runCli(args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => execFile(process.execPath, [cli, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` })));
}
async function publishWithCli(version: string): Promise<{ status: number; output: string }> {
  const manifest = pluginManifest(name, version, { title: 'Greeter', description: 'Says hello to the deployment.', keywords: ['hello', 'greeting'] });
  const dir = join(projects, version);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'nullops-plugin.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'README.md'), `# Greeter ${version}\n`);
  writeFileSync(join(dir, 'CHANGELOG.md'), `## ${version}\n`);
  buildPluginImage(manifest);
  try {
    const run = await runCli(['publish', '--registry', registry.url, '--token', token, '--dir', dir]);
    const digest = /@(sha256:[a-f0-9]{64})/.exec(execFileSync('docker', ['image', 'inspect', '--format', '{{join .RepoDigests " "}}', manifest.image], { encoding: 'utf8' }));
    if (digest && run.status === 0) digests[version] = digest[1]; // a refused publish keeps the published digest
    return run;
  } finally {
    execFileSync('docker', ['rmi', manifest.image], { stdio: 'pipe' });
  }
}
for (const version of ['1.0.0', '1.1.0']) {
  const published = await publishWithCli(version);
  if (published.status !== 0) throw new Error(`nullops-plugin publish ${version}: ${published.output}`);
}
await registry.api('PATCH', `/packages/${name}/versions/1.1.0`, { yanked: true }, token);
await api('POST', '/registries', { name: `local-${scope}`, url: `http://${ANONYMOUS_REGISTRY}` }, admin);

t.test('the CLI published both versions; the same version again is refused', async (t) => {
  t.match((await registry.api('GET', `/packages/${name}/versions/1.0.0`)).body, { version: '1.0.0', readme: '# Greeter 1.0.0\n', changelog: '## 1.0.0\n', image: { digest: digests['1.0.0'] }, imageChecked: true });
  const again = await publishWithCli('1.0.0');
  t.equal(again.status, 1, 'the CLI exits 1');
  t.match(again.output, /VERSION_EXISTS/, 'and names the reason');
});

t.test('a plugin source is added, searched and installed from', async (t) => {
  const source = await api('POST', '/plugin-sources', { name: `market-${scope}`, url: registry.url, token: 'not-needed-for-reads' }, admin);
  t.equal(source.status, 201, JSON.stringify(source.body));
  t.match(source.body, { name: `market-${scope}`, url: registry.url, hasToken: true });
  t.notOk('token' in source.body, 'the token is never returned');
  t.match((await api('GET', '/plugin-sources', undefined, admin)).body, { items: [{ id: source.body.id }], total: 1 });

  const found = await api('GET', `/plugin-sources/${source.body.id}/search?q=greeter`, undefined, admin);
  t.match(found, { status: 200, body: { total: 1, items: [{ name, title: 'Greeter', latestVersion: '1.0.0' }] } }, 'the studio sees the source’s search');

  const byRange = await api('POST', '/plugins', { source: source.body.id, name, range: '^1' }, admin);
  t.equal(byRange.status, 201, JSON.stringify(byRange.body));
  t.match(byRange.body, { name, version: '1.0.0', digest: digests['1.0.0'], image: `${ANONYMOUS_REGISTRY}/registry-test/${scope}-greeter@${digests['1.0.0']}` }, '^1 is 1.0.0: the yanked 1.1.0 does not satisfy it; the digest is the source’s');
  const exact = await api('POST', '/plugins', { source: source.body.id, name, version: '1.1.0' }, admin);
  t.match(exact, { status: 201, body: { version: '1.1.0', digest: digests['1.1.0'] } }, 'the yanked version installs by exact version');
  t.match(await api('POST', '/plugins', { source: source.body.id, name, version: '1.1.0' }, admin), { status: 409, body: { error: { code: 'VERSION_EXISTS' } } });
  t.match(await api('POST', '/plugins', { source: source.body.id, name, version: '7.0.0' }, admin), { status: 404, body: { error: { code: 'NOT_FOUND', message: new RegExp(`market-${scope}.*${name}@7\\.0\\.0`) } } });
  t.match(await api('POST', '/plugins', { source: source.body.id, name, version: '1.0.0', range: '^1' }, admin), { status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  t.match((await registry.api('GET', `/packages/${name}`)).body, { downloads: 2, versions: [{ version: '1.1.0', downloads: 1 }, { version: '1.0.0', downloads: 1 }] }, 'the registry counted both installs');
});

t.test('a pipeline version uses the installed plugin and a deployment runs it', async (t) => {
  const project = (await api('POST', '/projects', { name: `greet-${scope}`, resources: { cpu: 0.5, memoryMb: 128 } }, admin)).body;
  const saved = await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: { steps: [{ id: 'greet', kind: 'component', plugin: `${name}@^1.0.0`, params: { greeting: 'hi' } }], edges: [] } }, admin);
  t.equal(saved.status, 201, JSON.stringify(saved.body));
  t.match(saved.body.resolved, { plugins: { greet: { name, version: '1.1.0', digest: digests['1.1.0'] } } }, 'the catalog resolves the range among what is installed');
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'greet-1', versions: {} }, admin);
  t.equal(created.status, 201, JSON.stringify(created.body));
  await waitForStatus(stack, created.body.id, 'running');
  const logs = await api('GET', `/deployments/${created.body.id}/logs?step=greet`, undefined, admin);
  t.match(JSON.stringify(logs.body), /working/, 'the plugin ran and its log is there');
  await api('DELETE', `/deployments/${created.body.id}`, undefined, admin);
  await waitForStatus(stack, created.body.id, 'deleted');
});

t.test('a source that is down gives a clear error and changes nothing', async (t) => {
  const down = await api('POST', '/plugin-sources', { name: `down-${scope}`, url: 'http://127.0.0.1:1' }, admin);
  const before = (await api('GET', '/plugins', undefined, admin)).body.total;
  const install = await api('POST', '/plugins', { source: down.body.id, name, version: '1.0.0' }, admin);
  t.match(install, { status: 502, body: { error: { code: 'REGISTRY_UNREACHABLE', message: new RegExp(`"down-${scope}" at http://127\\.0\\.0\\.1:1 did not answer`) } } });
  t.match(await api('GET', `/plugin-sources/${down.body.id}/search?q=x`, undefined, admin), { status: 502, body: { error: { code: 'REGISTRY_UNREACHABLE' } } });
  t.equal((await api('GET', '/plugins', undefined, admin)).body.total, before, 'no plugin was installed');
  t.equal((await api('DELETE', `/plugin-sources/${down.body.id}`, undefined, admin)).status, 204);
  t.match(await api('POST', '/plugins', { source: down.body.id, name, version: '1.0.0' }, admin), { status: 422, body: { error: { code: 'PLUGIN_INVALID', details: { errors: [{ path: '/source' }] } } } }, 'a removed source installs nothing');
});
