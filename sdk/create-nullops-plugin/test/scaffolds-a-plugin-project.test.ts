// create-nullops-plugin as a user runs it (no terminal, so no prompts): a project from each template
// with its placeholders filled and published package versions, and refusals that say what to do.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/main.js', import.meta.url));
const version = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'create-nullops-plugin-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

function create(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('the TypeScript template: filled in, depending on the published sdk', async (t) => {
  const made = await create(['orders', '--template', 'plugin-typescript', '--name', 'acme/seed-orders', '--skip-install']);
  t.equal(made.code, 0, made.stderr);
  t.match(made.stdout, /created acme\/seed-orders from plugin-typescript/);
  t.match(made.stdout, /cd orders\n  npm install\n  npm run build/, 'next steps');
  const dir = join(work, 'orders');
  const manifest = JSON.parse(readFileSync(join(dir, 'nullops-plugin.json'), 'utf8'));
  t.match(manifest, { name: 'acme/seed-orders', title: 'Seed orders', image: 'ghcr.io/acme/seed-orders:0.1.0' });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  t.equal(pkg.name, 'acme-seed-orders');
  t.equal(pkg.devDependencies['@nullops/sdk'], `^${version}`, 'a published version, not a path into the repository');
  t.notMatch(readFileSync(join(dir, 'README.md'), 'utf8'), /__[A-Z_]+__/, 'no placeholder left');
  t.ok(readFileSync(join(dir, '.gitignore'), 'utf8').includes('node_modules/'), '_gitignore became .gitignore');
});

t.test('the shell template, with the image named', async (t) => {
  const made = await create(['wait', '--template', 'plugin-shell', '--name', 'acme/wait-for-it', '--image', 'registry.example.com/acme/wait:0.1.0', '--skip-install']);
  t.equal(made.code, 0, made.stderr);
  const manifest = JSON.parse(readFileSync(join(work, 'wait', 'nullops-plugin.json'), 'utf8'));
  t.equal(manifest.image, 'registry.example.com/acme/wait:0.1.0');
  t.match(readFileSync(join(work, 'wait', 'entrypoint.sh'), 'utf8'), /^#!\/bin\/sh/);
});

t.test('in a terminal it asks for what the flags do not say', async (t) => {
  // `script` (util-linux) gives the scaffolder a pseudo-terminal; the answers are typed ahead.
  const answered = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} --skip-install`, '/dev/null'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end('asked\n2\nacme/asked-step\n');
  });
  t.equal(answered.code, 0, answered.out);
  t.match(answered.out, /Project folder\? \(my-step\)/);
  t.match(answered.out, /2\. plugin-shell/);
  t.match(answered.out, /Plugin name, <scope>\/<name>\? \(local\/asked\)/);
  const manifest = JSON.parse(readFileSync(join(work, 'asked', 'nullops-plugin.json'), 'utf8'));
  t.equal(manifest.name, 'acme/asked-step');
  t.match(readFileSync(join(work, 'asked', 'entrypoint.sh'), 'utf8'), /^#!\/bin\/sh/, 'the template chosen by number');
});

t.test('without --name the folder gives the name; refusals exit 2 and change nothing', async (t) => {
  t.equal((await create(['My_Step', '--template', 'plugin-shell', '--skip-install'])).code, 0);
  t.equal(JSON.parse(readFileSync(join(work, 'My_Step', 'nullops-plugin.json'), 'utf8')).name, 'local/my-step');

  mkdirSync(join(work, 'busy'));
  writeFileSync(join(work, 'busy', 'notes.txt'), 'mine');
  const busy = await create(['busy', '--template', 'plugin-shell', '--skip-install']);
  t.equal(busy.code, 2);
  t.match(busy.stderr, /busy is not empty \(notes\.txt\): choose a new folder/);
  t.same(readFileSync(join(work, 'busy', 'notes.txt'), 'utf8'), 'mine');

  const badName = await create(['x1', '--name', 'Acme/Orders', '--skip-install']);
  t.equal(badName.code, 2);
  t.match(badName.stderr, /not <scope>\/<name>, each a DNS label/);
  const badTemplate = await create(['x2', '--template', 'plugin-cobol', '--skip-install']);
  t.equal(badTemplate.code, 2);
  t.match(badTemplate.stderr, /Unknown template "plugin-cobol": choose plugin-typescript or plugin-shell/);
  const noFolder = await create([]);
  t.equal(noFolder.code, 2);
  t.match(noFolder.stderr, /Name the folder to create/);
  const help = await create(['--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /--skip-install/);
});
