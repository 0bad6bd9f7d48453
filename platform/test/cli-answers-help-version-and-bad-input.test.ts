// The `nullops` command line: --version, --help on every command, an unknown command, and a bad
// setting that stops it with a message naming the setting and a non-zero exit code.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from '../src/commands/index.js';

const cli = fileURLToPath(new URL('../src/main.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

t.test('--version prints the version', async (t) => {
  const result = run(['--version']);
  t.equal(result.status, 0);
  t.equal(result.stdout.trim(), version);
});

t.test('--help lists every command', async (t) => {
  const result = run(['--help']);
  t.equal(result.status, 0);
  for (const command of commands) t.match(result.stdout, command.name, `lists ${command.name}`);
});

t.test('every command answers --help with its usage', async (t) => {
  for (const command of commands) {
    const result = run([...command.name.split(' '), '--help']);
    t.equal(result.status, 0, `${command.name} --help exits 0`);
    t.match(result.stdout, /Usage: nullops/, `${command.name} --help shows its usage`);
  }
});

t.test('an unknown command says so and exits 2', async (t) => {
  const result = run(['deploy-everything']);
  t.equal(result.status, 2);
  t.match(result.stderr, /Unknown command "deploy-everything"/);
});

t.test('a bad setting stops the command, naming the setting, with exit code 1', async (t) => {
  const result = run(['migrate'], { NULLOPS_PORT: 'eighty' });
  t.equal(result.status, 1);
  t.match(result.stderr, /NULLOPS_PORT/);
});
