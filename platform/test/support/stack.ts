// A whole NullOps on this machine for end-to-end tests: a control plane listening on loopback (real
// PostgreSQL), a real agent on the real Docker engine registered as a node, the builtin ingress proxy,
// and http images built per test and pushed to the local registry. Everything goes through the HTTP API.
import Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type RunningAgent } from '@nullops/agent';
import { createControlPlane, type ConfigInput } from '@nullops/core';
import { ANONYMOUS_REGISTRY, BUSYBOX_IMAGE, eventually, freePort, startTestControlPlane, TEST_ADMIN, type TestControlPlane } from '@nullops/core/testing';
import { startIngressProxy } from '@nullops/driver-ingress-builtin/proxy';

export const docker = new Docker();


const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export interface Api {
  (method: string, path: string, body?: unknown, as?: { cookie?: string; token?: string }): Promise<{ status: number; body: any }>;
}

export interface Stack {
  base: string;
  tcp: TestControlPlane;
  api: Api;
  admin: { cookie: string };
  agent: RunningAgent;
  agentDir: string;
  agentToken: string;
  environment: { id: string; name: string };
  node: { id: string };
  ingressPort: number;
  /** Stops the control plane and starts a new one on the same database and port, as after a crash or upgrade. */
  restartControlPlane(): Promise<void>;
  /** Restarts the agent on the same port and data directory (its state and certificate survive). */
  restartAgent(options?: { token?: string }): Promise<void>;
  stopAgent(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(overrides: ConfigInput = {}): Promise<Stack> {
  const ingressToken = randomBytes(24).toString('base64url');
  const tcp = await startTestControlPlane({ port: 0, ingressToken, nodeOfflineGraceSeconds: 3, ...overrides, drivers: { ingress: 'ingress-builtin', placement: ['placement-capacity', 'placement-labels'], ...overrides.drivers } });
  const base = await tcp.controlPlane.listen();
  let currentBase = base;
  const api: Api = async (method, path, body, as) => {
    const response = await fetch(`${currentBase}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(as?.cookie ? { cookie: as.cookie, origin: base } : {}), ...(as?.token ? { authorization: `Bearer ${as.token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (an event stream); keep the text
    }
    return { status: response.status, body: parsed as any };
  };
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  const admin = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] };

  const proxy = await startIngressProxy({ feedUrl: `${base.replace('http', 'ws')}/api/v1/ingress/feed`, token: ingressToken, port: 0, host: '127.0.0.1', accessLog: false, log: () => {}, feedRetry: { minDelayMs: 100, maxDelayMs: 500 } });

  const environment = (await api('POST', '/environments', { name: `e2e${randomBytes(3).toString('hex')}`, baseDomain: 'test', ttlHours: 24, ingressPort: proxy.port }, admin)).body;
  const agentDir = mkdtempSync(join(tmpdir(), 'nullops-e2e-agent-'));
  // The admin adds the node (host and port where the agent will listen) and starts the agent with its token.
  const agentPort = await freePort();
  const created = (await api('POST', `/environments/${environment.id}/nodes`, { name: 'node-1', host: '127.0.0.1', port: agentPort }, admin)).body;
  let agentToken: string = created.token;
  let agent = await startAgent({ dataDir: agentDir, port: agentPort, host: '127.0.0.1', token: agentToken, heartbeatSeconds: 1, cleanupSeconds: 3600, logger: quiet });
  await waitFor(async () => (await api('GET', `/nodes/${created.node.id}`, undefined, admin)).body.status === 'online', 'the node comes online', 20_000);

  const stack: Stack = {
    base,
    tcp,
    api,
    admin,
    agent,
    agentDir,
    agentToken,
    environment,
    node: { id: created.node.id },
    ingressPort: proxy.port,
    async restartControlPlane() {
      const { config, databaseUrl } = stack.tcp.controlPlane;
      await stack.tcp.controlPlane.close();
      const port = Number(new URL(stack.base).port);
      const controlPlane = await createControlPlane({ ...config, databaseUrl, port }, { logger: false });
      const dropDatabase = stack.tcp.dropDatabase;
      stack.base = currentBase = await controlPlane.listen();
      stack.tcp = {
        controlPlane,
        app: controlPlane.app,
        close: async () => {
          await controlPlane.close();
          await dropDatabase();
        },
        dropDatabase,
      };
    },
    async stopAgent() {
      await stack.agent.stop();
    },
    async restartAgent(options = {}) {
      if (options.token) agentToken = stack.agentToken = options.token;
      agent = stack.agent = await startAgent({ dataDir: agentDir, port: stack.agent.port, host: '127.0.0.1', token: agentToken, heartbeatSeconds: 1, cleanupSeconds: 3600, logger: quiet });
    },
    async close() {
      await proxy.stop().catch(() => {});
      await stack.agent.stop().catch(() => {});
      await stack.tcp.close();
      await removeNodeObjects(created.node.id);
      rmSync(agentDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Polls `check` until it is true; fails with `what` after `timeoutMs` (see `eventually`). */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 200): Promise<void> {
  await eventually(what, check, { timeoutMs, everyMs });
}

/** Waits until the deployment has `status`; returns it. An unexpected final status is quoted if time runs out. */
export async function waitForStatus(stack: Stack, id: string, status: string, timeoutMs = 90_000): Promise<any> {
  let last: any;
  await waitFor(async () => {
    last = (await stack.api('GET', `/deployments/${id}`, undefined, stack.admin)).body;
    if (last.status !== status && ['failed', 'deleted'].includes(last.status) && !['failed', 'deleted'].includes(status)) {
      const events = (await stack.api('GET', `/deployments/${id}/events?limit=500`, undefined, stack.admin)).body;
      throw new Error(`deployment ended ${last.status}: ${JSON.stringify(last.error)} events: ${JSON.stringify(events.items?.slice(-8))}`);
    }
    return last.status === status;
  }, `deployment ${id} is ${status} (last: ${last?.status})`, timeoutMs);
  return last;
}

/** Builds a busybox http image whose page says `text`, pushes it as <registry>/<repository>:<tag>. */
export function pushPageImage(repository: string, tag: string, text: string): Promise<void> {
  return pushBusyboxImage(repository, tag, [`RUN mkdir -p /www && echo '${text}' > /www/index.html`, 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]']);
}

/** Builds an image FROM the local busybox with the given Dockerfile lines and pushes it to the anonymous registry. */
export async function pushBusyboxImage(repository: string, tag: string, lines: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-image-'));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\n${lines.join('\n')}\n`);
  const reference = `${ANONYMOUS_REGISTRY}/${repository}:${tag}`;
  try {
    execFileSync('docker', ['build', '-q', '-t', reference, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: 'pipe' });
    execFileSync('docker', ['push', '-q', reference], { stdio: 'pipe' });
    execFileSync('docker', ['rmi', reference], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GET through the ingress proxy with a Host header, as a browser on a wildcard DNS name would. */
export function viaIngress(port: number, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host }, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Containers, networks and volumes the node's agent labelled for `deploymentId` (or any, without it). */
export async function labelledObjects(nodeId: string, deploymentId?: string): Promise<{ containers: number; networks: number; volumes: number }> {
  const label = [`dev.nullops.node=${nodeId}`, ...(deploymentId ? [`dev.nullops.deployment=${deploymentId}`] : [])];
  const filters = JSON.stringify({ label });
  const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  return { containers: containers.length, networks: networks.length, volumes: volumes.Volumes?.length ?? 0 };
}

async function removeNodeObjects(nodeId: string): Promise<void> {
  const filters = JSON.stringify({ label: [`dev.nullops.node=${nodeId}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {});
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => {});
}

/** A web project: registry, an `api` service pinned to v1 and a selectable `web` service, a job, the pipeline. */
export async function seedWebProject(stack: Stack, options: { cpu: number; memoryMb?: number; repository: string }): Promise<{ project: any; registry: any }> {
  const { api, admin } = stack;
  const suffix = randomBytes(3).toString('hex');
  const registry = (await api('POST', '/registries', { name: `local-${suffix}`, url: `http://${ANONYMOUS_REGISTRY}` }, admin)).body;
  const service = (name: string, extra: object) => api('POST', '/services', { name, registryId: registry.id, image: options.repository, ports: [{ name: 'http', port: 8080, ingress: true }], healthcheck: { type: 'http', port: 'http', path: '/' }, ...extra }, admin);
  const apiService = await service(`api-${suffix}`, { tagMode: 'pinned', tag: 'v1' });
  const webService = await service(`web-${suffix}`, { tagMode: 'selectable', tagPattern: 'v*' });
  if (apiService.status !== 201 || webService.status !== 201) throw new Error(`services: ${JSON.stringify([apiService.body, webService.body])}`);
  const project = (await api('POST', '/projects', { name: `shop-${suffix}`, resources: { cpu: options.cpu, memoryMb: options.memoryMb ?? 256 } }, admin)).body;
  await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo seeding the store; echo seeded']));
  return { project, registry };
}

export function pipelineOf(suffix: string, jobCommand: string[]) {
  return {
    steps: [
      { id: 'api', kind: 'service', service: `api-${suffix}` },
      { id: 'seed', kind: 'job', service: `api-${suffix}`, command: jobCommand },
      { id: 'web', kind: 'service', service: `web-${suffix}`, env: { API_URL: '${{ services.api.url }}' } },
    ],
    edges: [
      { from: 'api', to: 'seed' },
      { from: 'seed', to: 'web' },
    ],
  };
}

export async function savePipeline(stack: Stack, projectId: string, definition: unknown): Promise<number> {
  const saved = await stack.api('POST', `/projects/${projectId}/pipeline/versions`, { definition }, stack.admin);
  if (saved.status !== 201) throw new Error(`pipeline not saved: ${JSON.stringify(saved.body)}`);
  return saved.body.version;
}
