// A server left over from a crashed owner of the same data directory.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgresError } from './embedded-postgres-error.js';

// After a crash, postgres may still run (orphaned) or have left postmaster.pid behind. An orphan is
// asked to shut down fast; one whose Node.js owner still runs is left alone and named; a dead one's pid
// file is handled by postgres itself.
export async function stopStaleServer(dataDir: string): Promise<void> {
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
