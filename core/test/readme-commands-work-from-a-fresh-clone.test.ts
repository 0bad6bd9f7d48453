// The README's commands as a new user meets them: a clone in a folder only its owner may enter (what
// `mktemp -d` and a root home folder are) under a path with a space, then `npm start` (installs, builds,
// starts), `npx nullops --help`, a crash (kill -9) and a second start, Ctrl-C, a start that fails, and
// `npm test`. Each answers as documented, a failure is one clear line, and nothing is left in the temp
// folder. The clone is of the repository's committed HEAD; npm reuses its cache (--prefer-offline).
import t from 'tap';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$|Unhandled 'error' event/m;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const isGitClone = spawnSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD']).status === 0;

t.test('npm start and npm test work from a fresh clone under a private folder and a path with a space', { skip: isGitClone ? false : 'this copy of NullOps has no git history to clone from (an unpacked tarball); the test clones HEAD' }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'nullops-clone-'));
  const clone = join(home, 'my projects', 'nullops');
  const temp = join(home, 'tmp');
  mkdirSync(temp, { recursive: true });
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  const [port, ingressPort, agentPort] = [await freePort(), await freePort(), await freePort()];
  // A user's shell: none of the outer `npm test`'s variables, its own temp folder to check afterwards.
  const env: Record<string, string> = { TMPDIR: temp, NULLOPS_PORT: String(port), NULLOPS_INGRESS_PORT: String(ingressPort), AGENT_PORT: String(agentPort), npm_config_prefer_offline: 'true' };
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('npm_') && !key.startsWith('NULLOPS_') && !key.startsWith('AGENT_') && !key.startsWith('TAP') && key !== 'DATABASE_URL') env[key] = env[key] ?? value;
  }
  const running = new Set<ChildProcess>();
  t.teardown(async () => {
    for (const child of running) killGroup(child, 'SIGKILL');
    // The clusters the "postgres" user could not keep in the private folder live in /var/lib/nullops.
    for (const note of [join(clone, '.nullops', 'postgres-location.txt'), join(clone, '.test-infra', 'postgres-location.txt')]) {
      const moved = existsSync(note) ? /lives in (\S+)/.exec(readFileSync(note, 'utf8'))?.[1] : undefined;
      if (moved) await removeCluster(moved);
    }
    rmSync(home, { recursive: true, force: true });
  });

  const start = () => {
    const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => (running.delete(child), resolve(code ?? signal))));
    const up = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes('NullOps is up')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start did not come up:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    return { child, exited, up, output: () => output };
  };
  const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;

  // 1. The first start installs and builds, then runs; the embedded PostgreSQL runs although the clone is private.
  const first = start();
  await first.up(600_000);
  t.equal(await ready(), 200, 'the first `npm start` serves /readyz');
  t.match(first.output(), /\[nullops\] installing dependencies \(npm ci\)/, 'it said it installs the dependencies');
  t.notMatch(first.output(), STACK_TRACE, 'no stack trace, no unhandled event');

  // 2. The command line the README names answers on the fresh clone.
  const help = spawnSync('npx', ['nullops', '--help'], { cwd: clone, env, encoding: 'utf8' });
  t.equal(help.status, 0, '`npx nullops --help` exits 0');
  t.match(help.stdout, /Usage: nullops <command>/, 'and prints the usage');

  // 3. A crash: the nullops process is killed outright (its PostgreSQL is orphaned); the next start still comes up.
  const nullops = nodeProcessInGroup(first.child.pid!, 'src/main.js');
  t.ok(nullops, 'the nullops process of `npm start` is found');
  process.kill(nullops!, 'SIGKILL');
  killGroup(first.child, 'SIGKILL');
  await first.exited;
  const second = start();
  await second.up(180_000);
  t.equal(await ready(), 200, 'after a kill -9, `npm start` comes up again on the same data');
  t.notMatch(second.output(), /installing dependencies/, 'the second start does not install again');

  // 4. Ctrl-C (SIGINT to the whole foreground group) stops it cleanly.
  killGroup(second.child, 'SIGINT');
  // npm passes Ctrl-C on and then ends by the same signal; nullops itself shuts down in order and says so.
  t.ok([0, 'SIGINT'].includes((await second.exited)!), 'Ctrl-C ends `npm start`');
  t.match(second.output(), /\[nullops\] stopped\./, 'after nullops said it stopped everything');
  t.notMatch(second.output(), STACK_TRACE, 'no stack trace on the way out');

  // 5. A start that cannot succeed (the API port is taken) says why and what to do, in one line.
  const blocker: Server = await new Promise((resolve) => {
    const server = createServer().listen(port, '127.0.0.1', () => resolve(server));
  });
  const failed = start();
  const code = await failed.exited;
  blocker.close();
  t.not(code, 0, 'a start whose port is taken fails');
  t.match(failed.output(), new RegExp(`nullops: 127\\.0\\.0\\.1:${port} is already in use.*NULLOPS_PORT`), 'the message names the port and the setting to change');
  t.notMatch(failed.output(), STACK_TRACE, 'no stack trace, no unhandled event');

  // 6. `npm test` from the clone (one test file: the infrastructure and the test PostgreSQL are the point).
  const tests = spawnSync('npm', ['test', '--', 'config-names-the-bad-setting'], { cwd: clone, env, encoding: 'utf8', timeout: 600_000 });
  const summary = /^(\d+) passed, (\d+) failed$/m.exec(tests.stdout);
  t.equal(tests.status, 0, '`npm test` exits 0 from the clone');
  t.ok(summary && Number(summary[1]) > 0 && summary[2] === '0', `it ends with "N passed, 0 failed" (${summary?.[0] ?? tests.stdout.slice(-2000)})`);

  // 7. Nothing left behind in the temp folder by any of it.
  const leftovers = readdirSync(temp).filter((name) => /^(pg-password-|nullops-config-)/.test(name));
  t.same(leftovers, [], 'no pg-password-* files or nullops-config-* folders in the temp folder');
});

/** The pid of the node process in group `group` running a script whose path ends with `script` (from /proc: no procps needed). */
function nodeProcessInGroup(group: number, script: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of /proc/<pid>/stat is the process group; the command (field 2) may hold spaces, so count after its ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // Not npm's `sh -c "node …"`, whose one argument contains the script too.
      if (pgrp === group && /(^|\/)node$/.test(args[0]) && args.some((arg) => arg.endsWith(script))) return Number(entry);
    } catch {
      // the process ended meanwhile
    }
  }
  return undefined;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Stops a cluster's postgres if it still runs, then removes the cluster and its log. */
async function removeCluster(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
  const ours = pid > 0 && existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  if (ours) {
    try {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
    } catch {
      // not running
    }
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.log`, { force: true });
}
