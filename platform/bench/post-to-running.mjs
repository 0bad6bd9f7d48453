#!/usr/bin/env node
// POST-to-running time of a five-service project (busybox httpd from the local registry) on `nullops up`
// with its local agent, against `docker-compose up -d` of the same five containers (Debian's docker-compose),
// in the same run: three rounds of each, alternating; prints medians and the ratio. Not part of `npm test`.
//
//   node platform/bench/post-to-running.mjs [rounds]      (needs `npm run build`, Docker, scripts/test-infra/up.sh)
import Docker from 'dockerode';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 3);
const cli = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));
const REGISTRY = '127.0.0.1:5001';
const IMAGE = `${REGISTRY}/nullops-bench/busybox:latest`;
const SERVICES = ['s1', 's2', 's3', 's4', 's5'];
const docker = new Docker();

const say = (message) => console.log(`[bench] ${message}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function until(what, limitSeconds, probe, intervalMs = 50) {
  const deadline = Date.now() + limitSeconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${limitSeconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) {
  console.error("[bench] docker-compose is missing: apt-get install docker-compose (Debian's package)");
  process.exit(1);
}

// The image, in the registry for NullOps and present locally for both, so neither side pulls.
say(`pushing nullops-local/busybox:latest as ${IMAGE}`);
await docker.getImage('nullops-local/busybox:latest').tag({ repo: IMAGE.slice(0, IMAGE.lastIndexOf(':')), tag: 'latest' });
const pushed = await new Promise((resolve, reject) =>
  docker.getImage(IMAGE).push({ authconfig: { serveraddress: REGISTRY } }, (error, stream) => (error ? reject(error) : docker.modem.followProgress(stream, (e, out) => (e ? reject(e) : resolve(out))))),
);
if (pushed.some((line) => line.error)) throw new Error(`push failed: ${JSON.stringify(pushed.find((line) => line.error))}`);

const dataDir = mkdtempSync(join(tmpdir(), 'nullops-bench-'));
chmodSync(dataDir, 0o755);
const child = spawn(process.execPath, [cli, 'up', '--port', '0', '--data-dir', dataDir], { env: { ...process.env, NULLOPS_INGRESS_PORT: '0', AGENT_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => child.on('exit', resolve));
const composeDir = mkdtempSync(join(tmpdir(), 'nullops-bench-compose-'));

try {
  await until('nullops up', 120, async () => (output.includes('Press Ctrl-C to stop.') ? true : undefined), 100);
  const base = `${/API\s+(http:\/\/\S+)\/api\/v1/.exec(output)[1]}/api/v1`;
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: readFileSync(join(dataDir, 'admin.password'), 'utf8').trim() }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const api = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const parsed = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };

  const registry = await api('POST', '/registries', { name: 'bench', url: `http://${REGISTRY}` });
  await api('POST', '/services', { name: 'bench-httpd', registryId: registry.id, image: 'nullops-bench/busybox', tagMode: 'pinned', tag: 'latest', ports: [{ name: 'http', port: 8080, ingress: true }] });
  const project = await api('POST', '/projects', { name: 'bench', resources: { cpu: 1, memoryMb: 640 } });
  const command = ['httpd', '-f', '-p', '8080', '-h', '/'];
  await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: { steps: SERVICES.map((id) => ({ id, kind: 'service', service: 'bench-httpd', command })), edges: [] } });
  const environment = (await api('GET', '/environments')).items.find((e) => e.name === 'local');
  await until('node local online', 60, async () => ((await api('GET', `/environments/${environment.id}/nodes`)).items.some((n) => n.status === 'online') ? true : undefined), 200);

  writeFileSync(
    join(composeDir, 'docker-compose.yml'),
    `version: "2.4"\nservices:\n${SERVICES.map((id) => `  ${id}:\n    image: ${IMAGE}\n    command: [${command.map((c) => JSON.stringify(c)).join(', ')}]\n    init: true\n    cpus: 0.2\n    mem_limit: 128m\n    ports: ["127.0.0.1::8080"]\n`).join('')}`,
  );
  const compose = (...args) => {
    const result = spawnSync('docker-compose', ['-p', 'nullopsbench', ...args], { cwd: composeDir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`docker-compose ${args.join(' ')}: ${result.stderr}`);
  };

  const nullops = [];
  const composeTimes = [];
  const teardown = [];
  for (let round = 1; round <= rounds; round++) {
    let started = Date.now();
    const created = await api('POST', '/deployments', { projectId: project.id, environmentId: environment.id, name: `bench-${round}` });
    await until(`deployment bench-${round} running`, 120, async () => {
      const deployment = await api('GET', `/deployments/${created.id}`);
      if (deployment.status === 'failed') throw new Error(`deployment failed: ${JSON.stringify(deployment.error)}`);
      return deployment.status === 'running' ? true : undefined;
    });
    nullops.push(Date.now() - started);
    started = Date.now();
    await api('DELETE', `/deployments/${created.id}`);
    await until(`deployment bench-${round} deleted`, 120, async () => ((await api('GET', `/deployments/${created.id}`)).status === 'deleted' ? true : undefined));
    teardown.push(Date.now() - started);

    started = Date.now();
    compose('up', '-d');
    composeTimes.push(Date.now() - started);
    compose('down', '-t', '10');
    say(`round ${round}: nullops POST→running ${seconds(nullops.at(-1))} (DELETE→deleted ${seconds(teardown.at(-1))}), docker-compose up -d ${seconds(composeTimes.at(-1))}`);
  }

  const n = median(nullops);
  const c = median(composeTimes);
  console.log(`
Five busybox httpd services, ${rounds} rounds, medians:
  nullops POST /deployments → running   ${seconds(n)}   (all: ${nullops.map(seconds).join(', ')})
  docker-compose up -d                   ${seconds(c)}   (all: ${composeTimes.map(seconds).join(', ')})
  ratio nullops / docker-compose         ${(n / c).toFixed(2)}×
  (nullops DELETE → deleted median ${seconds(median(teardown))})`);
} finally {
  spawnSync('docker-compose', ['-p', 'nullopsbench', 'down', '-t', '1'], { cwd: composeDir, stdio: 'ignore' });
  child.kill('SIGINT');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(composeDir, { recursive: true, force: true });
}
