// Both templates as a plugin author meets them: the packages packed as they would be published,
// installed into an empty folder outside the repository, each template scaffolded, built on the local
// base images and passing `nullops-plugin test`; then `nullops-plugin publish --control-plane` pushes
// and installs both into a running control plane, and a deployment whose pipeline chains them (the
// shell step greets the TypeScript step's output) reaches `running`; deleting it calls their rollbacks.
import t from 'tap';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS_REGISTRY, BUSYBOX_IMAGE, NODE_IMAGE, type Ran } from '@nullops/core/testing';
import { installWithTarball, packPluginKit, projectCli, REPOSITORY, scaffoldFromTarball } from './support/packed-sdk.js';
import { startStack, waitFor, waitForStatus } from './support/stack.js';

const id = randomBytes(3).toString('hex');
const work = realpathSync(mkdtempSync(join(tmpdir(), 'nullops-sdk-e2e-')));
const packDir = mkdtempSync(join(tmpdir(), 'nullops-sdk-packed-'));
const docker = new Docker();
const templates = {
  'plugin-typescript': { base: NODE_IMAGE, name: `sdk-e2e/greet-ts-${id}` },
  'plugin-shell': { base: BUSYBOX_IMAGE, name: `sdk-e2e/greet-sh-${id}` },
} as const;
const imageOf = (template: string) => `${ANONYMOUS_REGISTRY}/sdk-e2e-${id}/${template}:0.1.0`;
t.teardown(async () => {
  rmSync(work, { recursive: true, force: true });
  rmSync(packDir, { recursive: true, force: true });
  for (const template of Object.keys(templates)) await docker.getImage(imageOf(template)).remove({ force: true }).catch(() => undefined);
});

t.ok(!work.startsWith(REPOSITORY), `the authors' folder ${work} is outside the repository`);
const packed = packPluginKit(packDir);
const nullopsPlugin = projectCli;
/** Exit 0, with the command's output in the message only when it failed. */
const succeeded = (t: { equal: (...args: any[]) => unknown }, ran: Ran, what: string) => t.equal(ran.code, 0, ran.code === 0 ? what : `${what}: ${ran.stderr}`);

for (const [template, { base, name }] of Object.entries(templates)) {
  await t.test(`${template}: scaffolded from the packed packages, built, its fixtures pass`, async (t) => {
    const created = await scaffoldFromTarball(packed, work, [template, '--template', template, '--name', name, '--image', imageOf(template), '--skip-install']);
    succeeded(t, created, 'scaffolded');
    const dir = join(work, template);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    t.match(pkg.devDependencies['@nullops/sdk'], /^\^\d+\.\d+\.\d+$/, 'depends on a published version of the sdk, not a path');
    const installed = await installWithTarball(packed, dir);
    succeeded(t, installed, 'npm install');
    const built = await nullopsPlugin(dir, ['build', '--base-image', base]);
    succeeded(t, built, 'nullops-plugin build');
    const tested = await nullopsPlugin(dir, ['test']);
    succeeded(t, tested, 'nullops-plugin test');
    t.match(tested.stderr, /3 passed, 0 failed/);
  });
}

await t.test('both plugins, published into a control plane, run in a deployment that reaches running', async (t) => {
  const stack = await startStack();
  t.teardown(() => stack.close());
  const { api, admin } = stack;
  const registry = await api('POST', '/registries', { name: `sdk-${id}`, url: `http://${ANONYMOUS_REGISTRY}` }, admin);
  t.equal(registry.status, 201, JSON.stringify(registry.body));
  const token = (await api('POST', '/me/tokens', { name: `sdk-e2e-${id}` }, admin)).body.token;
  for (const [template, { name }] of Object.entries(templates)) {
    const published = await nullopsPlugin(join(work, template), ['publish', '--control-plane', stack.base, '--token', token, '--registry-id', registry.body.id]);
    succeeded(t, published, `nullops-plugin publish ${template}`);
    t.match(published.stderr, new RegExp(`installed ${name}@0\\.1\\.0 \\(sha256:`));
  }
  const again = await nullopsPlugin(join(work, 'plugin-shell'), ['publish', '--control-plane', stack.base, '--token', token, '--no-push']);
  t.equal(again.code, 1, 'publishing the same version twice is refused');
  t.match(again.stderr, /VERSION_EXISTS: .*publish a new version instead/);

  const project = (await api('POST', '/projects', { name: `sdk-${id}`, resources: { cpu: 1, memoryMb: 512 } }, admin)).body;
  const definition = {
    steps: [
      { id: 'hello', kind: 'component', plugin: `${templates['plugin-typescript'].name}@^0.1.0`, params: { name: 'QA team' } },
      { id: 'echo', kind: 'component', plugin: `${templates['plugin-shell'].name}@^0.1`, params: { name: '${{ steps.hello.outputs.message }}', greeting: 'Re' } },
    ],
    edges: [{ from: 'hello', to: 'echo' }],
  };
  const saved = await api('POST', `/projects/${project.id}/pipeline/versions`, { definition }, admin);
  t.equal(saved.status, 201, JSON.stringify(saved.body));
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: `sdk-${id}` }, admin);
  t.equal(created.status, 201, JSON.stringify(created.body));
  await waitForStatus(stack, created.body.id, 'running', 180_000);
  const echoed = await api('GET', `/deployments/${created.body.id}/logs?step=echo`, undefined, admin);
  t.ok(echoed.body.items.some((l: { line: string }) => l.line.includes('greeting Hello, QA team!')), `the shell step got the TypeScript step's output (${JSON.stringify(echoed.body.items)})`);

  t.equal((await api('DELETE', `/deployments/${created.body.id}`, undefined, admin)).status, 202);
  await waitForStatus(stack, created.body.id, 'deleted', 120_000);
  await waitFor(async () => {
    const logs = await api('GET', `/deployments/${created.body.id}/logs?step=hello`, undefined, admin);
    return logs.body.items.some((l: { line: string }) => l.line.includes('nothing to undo for "Hello, QA team!"'));
  }, "the TypeScript plugin's rollback ran with its outputs", 30_000);
});
