// The nullops-plugin commands on a plugin scaffolded from the shell template, with the real Docker
// engine and the local busybox base: validate names file and JSON pointer, build labels the image with
// its manifest, run and test go through the agent's runner, and each failure has its exit code.
import t from 'tap';
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUSYBOX_IMAGE } from '@nullops/core/testing';
import { createPlugin, nullopsPlugin } from './support/cli.js';

const id = randomBytes(3).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'nullops-plugin-cli-'));
const dir = join(work, 'greeter');
const image = `nullops-sdk-test/cli-${id}:0.1.0`;
const docker = new Docker();
t.teardown(async () => {
  rmSync(work, { recursive: true, force: true });
  await docker.getImage(image).remove({ force: true }).catch(() => undefined);
});

const created = await createPlugin([dir, '--template', 'plugin-shell', '--name', `sdk-test/cli-${id}`, '--image', image, '--skip-install']);
if (created.code !== 0) throw new Error(`scaffolding failed: ${created.stderr}`);
const manifestFile = join(dir, 'nullops-plugin.json');
const original = readFileSync(manifestFile, 'utf8');
const edit = (file: string, change: (value: any) => void) => {
  const value = JSON.parse(readFileSync(file, 'utf8'));
  change(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
};

t.test('help, unknown commands and flags: exit 0 and 2 with what to do', async (t) => {
  const help = await nullopsPlugin(['--help']);
  t.equal(help.code, 0);
  for (const command of ['validate', 'types', 'build', 'run', 'test', 'docs', 'publish']) t.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  const buildHelp = await nullopsPlugin(['build', '--help']);
  t.equal(buildHelp.code, 0);
  t.match(buildHelp.stdout, /--base-image IMAGE/);
  t.match(buildHelp.stdout, /Exit codes: 0/);
  const unknown = await nullopsPlugin(['deploy']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /Unknown command "deploy"/);
  const badFlag = await nullopsPlugin(['test', '--bogus'], dir);
  t.equal(badFlag.code, 2);
  t.match(badFlag.stderr, /nullops-plugin test --help/);
  const noProject = await nullopsPlugin(['validate'], work);
  t.equal(noProject.code, 2);
  t.match(noProject.stderr, /No nullops-plugin\.json .*npm create nullops-plugin/);
  t.notMatch(noProject.stderr, /\n\s+at /, 'no stack trace');
});

t.test('validate names the file and the JSON pointer of every problem', async (t) => {
  const valid = await nullopsPlugin(['validate'], dir);
  t.equal(valid.code, 0, valid.stderr);
  t.match(valid.stderr, /manifest and 3 fixture\(s\) are valid/);

  edit(manifestFile, (m) => {
    m.input.properties.name.type = 'text';
    m.secrets = ['token'];
    delete m.title;
  });
  const broken = await nullopsPlugin(['validate'], dir);
  t.equal(broken.code, 1);
  t.match(broken.stderr, 'nullops-plugin.json#/title');
  writeFileSync(manifestFile, original);
  edit(manifestFile, (m) => {
    m.input.properties.name.type = 'text';
    m.secrets = ['token'];
  });
  const schemaProblems = await nullopsPlugin(['validate'], dir);
  t.equal(schemaProblems.code, 1);
  t.match(schemaProblems.stderr, /nullops-plugin\.json#\/input\/properties\/name\/type: is not a valid JSON Schema/);
  t.match(schemaProblems.stderr, /nullops-plugin\.json#\/secrets\/0: names "token", which is not a property of input/);
  writeFileSync(manifestFile, original);

  const fixture = join(dir, 'fixtures', 'greets.input.json');
  const fixtureText = readFileSync(fixture, 'utf8');
  edit(fixture, (f) => (f.params.name = 7));
  const badFixture = await nullopsPlugin(['validate'], dir);
  t.equal(badFixture.code, 1);
  t.match(badFixture.stderr, 'fixtures/greets.input.json#/params/name: must be string');
  writeFileSync(fixture, fixtureText);
});

t.test('build labels the image with its manifest and the OCI labels', async (t) => {
  const built = await nullopsPlugin(['build', '--base-image', BUSYBOX_IMAGE], dir);
  t.equal(built.code, 0, built.stderr);
  t.equal(built.stdout.trim(), image, 'stdout is the image reference, for scripts');
  const labels = (await docker.getImage(image).inspect()).Config.Labels;
  t.same(JSON.parse(labels['dev.nullops.plugin.manifest']), { ...JSON.parse(original), secrets: [], network: 'deployment' }, 'the manifest, with the contract defaults');
  t.equal(labels['org.opencontainers.image.version'], '0.1.0');
  t.equal(labels['org.opencontainers.image.licenses'], 'Apache-2.0');
});

t.test('run prints the log lines and the one result document', async (t) => {
  const ran = await nullopsPlugin(['run', '--input', 'fixtures/greets.input.json'], dir);
  t.equal(ran.code, 0, ran.stderr);
  t.same(JSON.parse(ran.stdout), { outputs: { message: 'Hello, QA team!' } });
  t.match(ran.stderr, /greeting QA team/);
  const missing = await nullopsPlugin(['run'], dir);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /Missing --input FILE/);
  const noImage = await nullopsPlugin(['run', '--input', 'fixtures/greets.input.json', '--image', `nullops-sdk-test/absent-${id}:1`], dir);
  t.equal(noImage.code, 2);
  t.match(noImage.stderr, /not on this machine: run `nullops-plugin build` first/);
});

t.test('test passes the fixtures, and fails on a wrong output or a polluted stdout', async (t) => {
  const passed = await nullopsPlugin(['test'], dir);
  t.equal(passed.code, 0, passed.stderr);
  t.match(passed.stderr, /✔ rollback/, 'the rollback fixture runs too');
  t.match(passed.stderr, /3 passed, 0 failed/);

  const expected = join(dir, 'fixtures', 'greets.expected.json');
  const expectedText = readFileSync(expected, 'utf8');
  edit(expected, (e) => (e.outputs.message = 'Hi, QA team!'));
  const wrong = await nullopsPlugin(['test'], dir);
  t.equal(wrong.code, 1);
  t.match(wrong.stderr, /✘ greets[^\n]*\n\s+\/outputs\/message: expected "Hi, QA team!", got "Hello, QA team!"/);
  t.match(wrong.stderr, /│ INFO  greeting QA team/, "a failing fixture shows the plugin's log");
  writeFileSync(expected, expectedText);

  // A plugin that writes a log line to stdout breaks the contract: one document only.
  const entrypoint = join(dir, 'entrypoint.sh');
  writeFileSync(entrypoint, readFileSync(entrypoint, 'utf8').replace('log "greeting $name"', 'echo "greeting $name"'));
  t.equal((await nullopsPlugin(['build', '--base-image', BUSYBOX_IMAGE], dir)).code, 0);
  const polluted = await nullopsPlugin(['test'], dir);
  t.equal(polluted.code, 1);
  t.match(polluted.stderr, /✘ greets[^\n]*\n\s+stdout is not exactly one JSON document \(2 line\(s\)\)/);
});

t.test('types writes Params and Outputs; docs keeps the README tables in step', async (t) => {
  const typed = await nullopsPlugin(['types', '--out', 'types.ts'], dir);
  t.equal(typed.code, 0, typed.stderr);
  const source = readFileSync(join(dir, 'types.ts'), 'utf8');
  t.match(source, /export interface Params \{[\s\S]*?name: string;[\s\S]*?greeting\?: string;/);
  t.match(source, /export interface Outputs \{[\s\S]*?message: string;/);
  t.match(source, /\* Who to greet\./, 'descriptions become doc comments');
  t.notMatch(source, /\[k: string\]: unknown/, 'closed objects');

  t.equal((await nullopsPlugin(['docs'], dir)).code, 0);
  t.match(readFileSync(join(dir, 'README.md'), 'utf8'), /\| `greeting` \| string \| no \| `"Hello"` \| The word to greet with\. \|/);
  t.equal((await nullopsPlugin(['docs', '--check'], dir)).code, 0);
  edit(manifestFile, (m) => (m.input.properties.greeting.description = 'How to greet.'));
  const stale = await nullopsPlugin(['docs', '--check'], dir);
  t.equal(stale.code, 1);
  t.match(stale.stderr, /stale: run `nullops-plugin docs`/);
  writeFileSync(manifestFile, original);
});

t.test('publish refuses unclear targets before touching anything', async (t) => {
  const neither = await nullopsPlugin(['publish', '--token', 'x'], dir);
  t.equal(neither.code, 2);
  t.match(neither.stderr, /exactly one of --registry URL .* or --control-plane URL/);
  const unreachable = await nullopsPlugin(['publish', '--registry', 'http://127.0.0.1:9', '--token', 'x', '--no-push'], dir);
  t.equal(unreachable.code, 2);
  t.match(unreachable.stderr, /Cannot reach http:\/\/127\.0\.0\.1:9\/\.well-known\/nullops\.json/);
});
