// Docker-side helpers for the agent tests: the engine, test images built from tiny contexts (a shell
// plugin on busybox, a PostgreSQL plugin on node using the `pg` package), and label queries.
import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LABELS } from '@nullops/core/contracts';
import { Firewall } from '../../src/docker/firewall.js';

export const docker = new Docker();
const run = promisify(execFile);
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const BUSYBOX = 'nullops-local/busybox:latest';
export const NODE = 'nullops-local/node:20';
export const POSTGRES = 'nullops-local/postgres:17';

/** Every container, network and volume labelled with this deployment (any node). */
export async function objectsOfDeployment(deploymentId: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filters = JSON.stringify({ label: [`${LABELS.deployment}=${deploymentId}`] });
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  return { containers: containers.map((c) => c.Names[0]), networks: networks.map((n) => n.Name), volumes: (volumes.Volumes ?? []).map((v) => v.Name) };
}

/** Force-removes everything labelled with a node id, and its firewall rules: a test's last word on what it created. */
export async function removeNodeObjects(nodeId: string): Promise<void> {
  const firewall = await Firewall.detect(() => nodeId, { warn: () => undefined, error: () => undefined });
  await firewall.releaseUnknown(new Set());
  const filters = JSON.stringify({ label: [`${LABELS.node}=${nodeId}`] });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const [networks, volumes] = await Promise.all([docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  await Promise.all([
    ...networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)),
    ...(volumes.Volumes ?? []).map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined)),
  ]);
}

async function build(tag: string, files: Record<string, string>, copy: (dir: string) => void = () => undefined): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-agent-image-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o755 });
    copy(dir);
    await run('docker', ['build', '-q', '-t', tag, dir], { maxBuffer: 16 * 1024 * 1024 });
    return tag;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SHELL_PLUGIN = `#!/bin/sh
# A test plugin: its params say how to behave (ok, fail, garbage, sleep).
input=$(cat)
field() { echo "$input" | sed -n "s/.*\\"$1\\":\\"\\([^\\"]*\\)\\".*/\\1/p" | head -n1; }
action=$(field action)
mode=$(field mode)
level=$(field level)
password=$(field password)
echo "plugin $action mode=$mode\${level:+ level=$level}" >&2
if [ -n "$password" ]; then echo "connecting with password $password" >&2; fi
if [ "$action" = rollback ]; then echo "rolled back $mode" >&2; echo '{"outputs":{}}'; exit 0; fi
case "$mode" in
  ok) printf '{"outputs":{"greeting":"hello","token":"tok-%s-%s"}}\\n' "$$" "$(date +%s)" ;;
  fail) echo '{"error":{"message":"told to fail","code":"TOLD"}}'; exit 3 ;;
  garbage) echo 'this is not json at all'; exit 0 ;;
  badschema) echo '{"outputs":{"greeting":42}}' ;;
  sleep) echo "sleeping" >&2; sleep 120; echo '{"outputs":{}}' ;;
  slowok) echo "working slowly" >&2; sleep 4; echo '{"outputs":{"greeting":"late"}}' ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
`;

let shellPlugin: Promise<string> | null = null;
export function buildShellPlugin(): Promise<string> {
  shellPlugin ??= build('nullops-test/shell-plugin:3', { 'plugin.sh': SHELL_PLUGIN, Dockerfile: `FROM ${BUSYBOX}\nCOPY plugin.sh /plugin.sh\nENTRYPOINT ["/plugin.sh"]\n` });
  return shellPlugin;
}

const PG_PLUGIN = `// A test plugin: creates a database (and a table in it) on a PostgreSQL service of the deployment.
import pg from 'pg';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const { action, params } = JSON.parse(text);
const base = { host: params.host, port: 5432, user: 'postgres', password: params.password };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function connect(database) {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ ...base, database });
    try { await client.connect(); return client; } catch (error) {
      await client.end().catch(() => {});
      if (attempt >= 30) throw error;
      console.error('waiting for postgres: ' + error.message);
      await sleep(500);
    }
  }
}
try {
  console.error('connecting to ' + params.host + ' as postgres with password ' + params.password);
  const admin = await connect('postgres');
  if (action === 'rollback') {
    await admin.query('DROP DATABASE IF EXISTS ' + params.database);
    console.error('dropped ' + params.database);
  } else {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [params.database]);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE ' + params.database);
    const db = await connect(params.database);
    await db.query('CREATE TABLE IF NOT EXISTS orders (id serial primary key, item text)');
    await db.query("INSERT INTO orders (item) VALUES ('created by the plugin')");
    await db.end();
    console.error('created database ' + params.database);
  }
  await admin.end();
  const url = 'postgresql://postgres:' + params.password + '@' + params.host + ':5432/' + params.database;
  process.stdout.write(JSON.stringify({ outputs: action === 'rollback' ? {} : { database: params.database, url } }) + '\\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ error: { message: error.message, code: 'PG' } }) + '\\n');
  process.exit(1);
}
`;

/** Copies an installed package and everything it depends on from the repository's node_modules. */
function copyPackageTree(name: string, destination: string, seen = new Set<string>()): void {
  if (seen.has(name)) return;
  seen.add(name);
  const source = join(repoRoot, 'node_modules', name);
  if (!existsSync(source)) return;
  cpSync(source, join(destination, 'node_modules', name), { recursive: true, dereference: true });
  for (const dependency of dependenciesWithin(source)) copyPackageTree(dependency, destination, seen);
}

/** The dependencies of a package and of the packages nested in its own node_modules. */
function dependenciesWithin(packageDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const nested = join(packageDir, 'node_modules');
  const inner = existsSync(nested) ? readdirSync(nested).filter((n) => !n.startsWith('.')).flatMap((n) => dependenciesWithin(join(nested, n))) : [];
  return [...Object.keys(manifest.dependencies ?? {}), ...inner];
}

let pgPlugin: Promise<string> | null = null;
export function buildPgPlugin(): Promise<string> {
  pgPlugin ??= build('nullops-test/pg-plugin:1', { 'plugin.mjs': PG_PLUGIN, Dockerfile: `FROM ${NODE}\nWORKDIR /plugin\nCOPY node_modules /plugin/node_modules\nCOPY plugin.mjs /plugin/plugin.mjs\nENTRYPOINT ["node", "/plugin/plugin.mjs"]\n` }, (dir) =>
    copyPackageTree('pg', dir),
  );
  return pgPlugin;
}
