// The real services a plugin's fixtures run against, on a Docker network of their own (named and
// labelled per test file, so parallel runs and other clones never collide): `db` (PostgreSQL from the
// local test image), `api` (test-api.ts in a Node.js container) and `keycloak` (fake-keycloak.ts).
// Each peer's port is also published on 127.0.0.1 so the test can look at what the plugin did.
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { eventually, NODE_IMAGE, POSTGRES_IMAGE } from '@nullops/core/testing';

export const docker = new Docker();
export const TEST_LABEL = 'dev.nullops.test.components';
export const DB_ADMIN_PASSWORD = 'fixture-admin-password';

type Peer = 'db' | 'api' | 'keycloak';

export interface World {
  network: string;
  /** 127.0.0.1 port published for each started peer. */
  ports: Partial<Record<Peer, number>>;
  /** An admin connection to the `db` peer, from the host. */
  adminDb(): Promise<pg.Client>;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

async function startContainer(network: string, alias: Peer, spec: Docker.ContainerCreateOptions, containerPort: number): Promise<{ container: Docker.Container; port: number }> {
  const container = await docker.createContainer({
    ...spec,
    name: `${network}-${alias}`,
    Labels: { [TEST_LABEL]: network },
    ExposedPorts: { [`${containerPort}/tcp`]: {} },
    HostConfig: { ...spec.HostConfig, NetworkMode: network, PortBindings: { [`${containerPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [alias] } } },
  });
  await container.start();
  const info = await container.inspect();
  return { container, port: Number(info.NetworkSettings.Ports[`${containerPort}/tcp`]?.[0]?.HostPort) };
}

/** Polls `check` until it holds (a thrown error counts as not yet); fails naming `what` after a minute. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  await eventually(what, check, { timeoutMs: 60_000, everyMs: 250 });
}

export async function startWorld(peers: readonly Peer[]): Promise<World> {
  const network = `nullops-components-${randomBytes(4).toString('hex')}`;
  await docker.createNetwork({ Name: network, Labels: { [TEST_LABEL]: network } });
  const containers: Docker.Container[] = [];
  const ports: World['ports'] = {};
  // The servers' compiled files, copied where the container may read them (as .mjs: no package.json there).
  const scripts = mkdtempSync(join(tmpdir(), 'nullops-components-'));
  chmodSync(scripts, 0o755);
  copyFileSync(join(here, 'test-api.js'), join(scripts, 'test-api.mjs'));
  copyFileSync(join(here, 'fake-keycloak.js'), join(scripts, 'fake-keycloak.mjs'));
  const world: World = {
    network,
    ports,
    async adminDb() {
      const client = new pg.Client({ host: '127.0.0.1', port: ports.db, user: 'postgres', password: DB_ADMIN_PASSWORD, database: 'postgres' });
      await client.connect();
      return client;
    },
    async stop() {
      for (const c of containers) await c.remove({ force: true, v: true }).catch(() => undefined);
      await docker.getNetwork(network).remove().catch(() => undefined);
      rmSync(scripts, { recursive: true, force: true });
    },
  };
  try {
    const node = (script: string) => ({ Image: NODE_IMAGE, Cmd: ['node', `/srv/${script}`], HostConfig: { Binds: [`${scripts}:/srv:ro`] } });
    const started = await Promise.all(
      peers.map(async (peer) => {
        if (peer === 'db') return [peer, await startContainer(network, 'db', { Image: POSTGRES_IMAGE, Env: [`POSTGRES_PASSWORD=${DB_ADMIN_PASSWORD}`] }, 5432)] as const;
        if (peer === 'api') return [peer, await startContainer(network, 'api', node('test-api.mjs'), 8080)] as const;
        return [peer, await startContainer(network, 'keycloak', node('fake-keycloak.mjs'), 8080)] as const;
      }),
    );
    for (const [peer, { container, port }] of started) {
      containers.push(container);
      ports[peer] = port;
    }
    if (ports.db) {
      await waitFor(async () => {
        const client = await world.adminDb();
        await client.end();
        return true;
      }, 'PostgreSQL accepts connections');
    }
    for (const peer of ['api', 'keycloak'] as const) {
      if (ports[peer]) await waitFor(async () => (await fetch(`http://127.0.0.1:${ports[peer]}/${peer === 'api' ? 'healthz' : 'fake/state'}`)).ok, `${peer} answers`);
    }
    return world;
  } catch (error) {
    await world.stop();
    throw error;
  }
}
