// The registry admin's command line, run as a process against a running registry: `publisher create`
// prints the first token once and it publishes; `publisher official` sets the mark search filters on;
// `publisher token` issues another working token; the admin token comes from a flag, the environment or
// the file the registry generated in its data directory. Failures are one line (exit 1), a wrong command
// line is exit 2, never a stack trace.
import t from 'tap';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeDigest, pluginManifest, startTestRegistry, UNREACHABLE_IMAGE_HOST } from './support/registry.js';

const bin = fileURLToPath(new URL('../src/main.js', import.meta.url));
const registry = await startTestRegistry();
t.teardown(() => registry.close());
const dataDir = mkdtempSync(join(tmpdir(), 'nullops-registry-cli-'));
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the bin without blocking this process, which serves the registry it talks to. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    ),
  );
}
const asAdmin = ['--url', registry.url, '--admin-token', registry.adminToken];
const scope = `cli-${randomBytes(3).toString('hex')}`;
const tokenIn = (stdout: string) => /^\s+(nrp_\S+)$/m.exec(stdout)?.[1];
const noStack = (t: { notMatch(found: string, pattern: RegExp, message: string): boolean }, output: string) => t.notMatch(output, /\n\s+at .+:\d+:\d+/, 'no stack trace');

async function publishWith(token: string, name: string) {
  const manifest = pluginManifest(name, '1.0.0', { image: `${UNREACHABLE_IMAGE_HOST}/x/${name.replace('/', '-')}:1.0.0` });
  return registry.api('POST', '/packages', { manifest, image: { reference: manifest.image, digest: fakeDigest() } }, token);
}

t.test('--help lists the publisher commands; each command has its own help', async (t) => {
  const help = await cli(['--help']);
  t.equal(help.code, 0);
  for (const command of ['serve', 'publisher create', 'publisher official', 'publisher token']) t.match(help.stdout, new RegExp(`\\n  ${command}\\s`), command);
  const create = await cli(['publisher', 'create', '--help']);
  t.equal(create.code, 0);
  t.match(create.stdout, /Usage: nullops-registry publisher create <scope>/);
  t.match(create.stdout, /--admin-token TOKEN/);
});

t.test('publisher create prints a token once, and the token publishes in the scope', async (t) => {
  const created = await cli(['publisher', 'create', scope, '--display-name', 'CLI Corp', ...asAdmin]);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, new RegExp(`Created publisher "${scope}"\\.`));
  t.match(created.stdout, /shown this once/);
  const token = tokenIn(created.stdout);
  t.ok(token, 'the token is printed');
  t.match((await registry.api('GET', `/publishers/${scope}`)).body, { scope, displayName: 'CLI Corp', official: false });
  t.equal((await publishWith(token!, `${scope}/first`)).status, 201, 'the printed token publishes');
  t.match(await publishWith(token!, `someone-else/first`), { status: 403, body: { error: { code: 'SCOPE_FORBIDDEN' } } }, 'only in its scope');

  const again = await cli(['publisher', 'create', scope, ...asAdmin]);
  t.equal(again.code, 1, 'a scope that has a publisher: exit 1');
  t.equal(again.stderr.trim().split('\n').length, 1, 'one line');
  t.match(again.stderr, new RegExp(`^nullops-registry: NAME_TAKEN: The scope "${scope}" already has a publisher\\.`));
  noStack(t, again.stderr);
});

t.test('publisher official sets the mark search filters on', async (t) => {
  const marked = await cli(['publisher', 'official', scope, 'true', ...asAdmin]);
  t.equal(marked.code, 0, marked.stderr);
  t.match(marked.stdout, new RegExp(`Publisher "${scope}" is now official\\.`));
  t.match((await registry.api('GET', `/search?q=${scope}&official=true`)).body, { total: 1, items: [{ name: `${scope}/first`, publisher: { official: true } }] });
  const unmarked = await cli(['publisher', 'official', scope, 'false', ...asAdmin]);
  t.match(unmarked.stdout, /no longer official/);
  t.equal((await registry.api('GET', `/search?q=${scope}&official=true`)).body.total, 0);
  const wrong = await cli(['publisher', 'official', scope, 'maybe', ...asAdmin]);
  t.equal(wrong.code, 2, 'neither true nor false: exit 2');
  t.match(wrong.stderr, /^nullops-registry: the mark is "true" or "false", not "maybe"\. Run `nullops-registry publisher official --help`\.\n$/);
});

t.test('publisher token issues another token; the admin token is read from the data directory', async (t) => {
  mkdirSync(join(dataDir, 'registry'), { recursive: true });
  writeFileSync(join(dataDir, 'registry', 'admin-token'), `${registry.adminToken}\n`);
  const issued = await cli(['publisher', 'token', scope, '--name', 'ci', '--url', registry.url, '--data-dir', dataDir]);
  t.equal(issued.code, 0, issued.stderr);
  t.match(issued.stdout, new RegExp(`Token "ci" .* for publisher "${scope}"`));
  const token = tokenIn(issued.stdout)!;
  t.equal((await publishWith(token, `${scope}/second`)).status, 201, 'the new token publishes');
  const fromEnv = await cli(['publisher', 'token', scope], { NULLOPS_REGISTRY_URL: registry.url, NULLOPS_REGISTRY_ADMIN_TOKEN: registry.adminToken });
  t.equal(fromEnv.code, 0, 'URL and token from the environment');
  t.not(tokenIn(fromEnv.stdout), token, 'each token is new');
  const unknown = await cli(['publisher', 'token', 'nobody-has-this', ...asAdmin]);
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /^nullops-registry: NOT_FOUND: The publisher "nobody-has-this" was not found\.\n$/);
});

t.test('failures say what to do in one line: wrong token, registry down, no token, wrong command line', async (t) => {
  const wrongToken = await cli(['publisher', 'create', `x${scope}`, '--url', registry.url, '--admin-token', 'nra_not-the-admin-token-of-this-registry']);
  t.equal(wrongToken.code, 1);
  t.match(wrongToken.stderr, /^nullops-registry: UNAUTHENTICATED: .*\(is this the admin token of this registry\?\)\n$/);
  t.equal((await registry.api('GET', `/publishers/x${scope}`)).status, 404, 'nothing was created');

  const down = await cli(['publisher', 'create', `y${scope}`, '--url', 'http://127.0.0.1:1', '--admin-token', registry.adminToken]);
  t.equal(down.code, 1);
  t.match(down.stderr, /^nullops-registry: the registry at http:\/\/127\.0\.0\.1:1 did not answer \(.*\)\. Is it running\? Pass --url or set NULLOPS_REGISTRY_URL\.\n$/);

  const noToken = await cli(['publisher', 'create', `z${scope}`, '--url', registry.url, '--data-dir', join(dataDir, 'empty')]);
  t.equal(noToken.code, 1);
  t.match(noToken.stderr, /^nullops-registry: no admin token: .*admin-token does not exist\. Pass --admin-token/);

  for (const [args, message] of [
    [['publisher', 'create'], /expected <scope>, got nothing/],
    [['publisher', 'create', 'Bad_Scope'], /"Bad_Scope" is not a scope/],
    [['publisher', 'create', scope, '--colour', 'red'], /Unknown option '--colour'/],
  ] as const) {
    const run = await cli([...args, ...asAdmin]);
    t.equal(run.code, 2, `${args.join(' ')}: exit 2`);
    t.match(run.stderr, message);
    noStack(t, run.stderr);
  }
  const unknownCommand = await cli(['publisher', 'delete', scope]);
  t.equal(unknownCommand.code, 2, 'an unknown command: exit 2');
  t.match(unknownCommand.stderr, /^Unknown command "publisher delete/);
});
