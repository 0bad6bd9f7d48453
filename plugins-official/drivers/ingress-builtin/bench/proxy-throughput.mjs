#!/usr/bin/env node
// Benchmark (not part of npm test): requests/s and p99 latency with wrk through ingress-builtin,
// through ingress-nginx, through nginx as a hand-configured reverse proxy, and direct to the backend
// (nginx serving a small static file with keep-alive), in one run on this machine, printed as ratios;
// then how long a route change takes to be served (apply → first 200) for both drivers.
//
//   npm run build && node plugins-official/drivers/ingress-builtin/bench/proxy-throughput.mjs [--duration 8] [--rounds 3] [--connections 32]
//
// The targets run in turn, `rounds` times over; each figure is the median of its rounds, so a burst
// of other work on the machine skews one round, not the result. ingress-builtin runs twice: as one
// process, and with a worker per core (`workers`).
//
// Needs `nginx` and `wrk` (Debian packages). Everything listens on 127.0.0.1 and is stopped at the end.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import Fastify from 'fastify';
import ingressBuiltin from '@nullops/driver-ingress-builtin';
import ingressNginx from '@nullops/driver-ingress-nginx';

const run = promisify(execFile);
const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '32' }, 'nginx-workers': { type: 'string', default: 'auto' } } });
const ROUNDS = Number(values.rounds);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const TOKEN = 'bench-ingress-token-0123456789abcdef';
const HOST = 'web.bench.local.example.com';
const dir = mkdtempSync(join(tmpdir(), 'nullops-bench-'));
chmodSync(dir, 0o755); // nginx workers (user nobody) read the backend's file
const cleanups = [];

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startNginx(name, httpBlock, workers) {
  const prefix = join(dir, name);
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, `daemon on;\nworker_processes ${workers};\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log warn;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n${httpBlock}\n}\n`);
  await run('nginx', ['-p', prefix, '-c', conf]);
  const control = ['-p', prefix, '-c', conf];
  cleanups.push(() => run('nginx', [...control, '-s', 'stop']).catch(() => {}));
  return { prefix, reload: ['nginx', ...control, '-s', 'reload'] };
}

function get(port, host) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function waitFor(port, host, status, timeoutMs = 10_000) {
  const started = performance.now();
  let last;
  while (performance.now() - started < timeoutMs) {
    last = await get(port, host);
    if (last === status) return performance.now() - started;
  }
  throw new Error(`${host} on ${port} never answered ${status} (last: ${last})`);
}

async function wrk(port, host) {
  const { stdout } = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency', '-H', `Host: ${host}`, `http://127.0.0.1:${port}/`], { maxBuffer: 1 << 20 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]);
  const p99 = toMs(/\s99%\s+([\d.]+\w+)/.exec(stdout)[1]);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
  const socketErrors = /Socket errors: (.*)/.exec(stdout)?.[1];
  return { rps, p99, errors: Number(errors), socketErrors };
}

function toMs(text) {
  const [, n, unit] = /([\d.]+)(\w+)/.exec(text);
  return Number(n) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);
}

try {
  const nginxWorkers = values['nginx-workers'];
  // Backend: a small static file served with keep-alive.
  const backendPort = await freePort();
  mkdirSync(join(dir, 'www'), { recursive: true });
  writeFileSync(join(dir, 'www', 'index.html'), `${'hello from the backend '.repeat(4)}\n`);
  await startNginx('backend', `  server { listen 127.0.0.1:${backendPort} default_server; keepalive_requests 100000; root ${join(dir, 'www')}; }`, 1);

  // nginx as a hand-configured reverse proxy.
  const handPort = await freePort();
  await startNginx(
    'hand',
    `  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${handPort} default_server;
    keepalive_requests 100000;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; }
  }`,
    nginxWorkers,
  );

  // ingress-nginx: the driver renders into a directory an nginx master includes.
  const ingressNginxPort = await freePort();
  const nginxConfigDir = join(dir, 'ingress-nginx-config');
  mkdirSync(nginxConfigDir, { recursive: true });
  const driven = await startNginx('ingress-nginx', `  keepalive_requests 100000;\n  include ${nginxConfigDir}/current/*.conf;`, nginxWorkers);
  const nginxApp = Fastify({ logger: false });
  await nginxApp.register(ingressNginx, { configDir: nginxConfigDir, listen: `127.0.0.1:${ingressNginxPort}`, reloadCommand: driven.reload, keepalive: 64, nullops: {} });
  await nginxApp.ready();
  cleanups.push(() => nginxApp.close());

  // ingress-builtin: the feed in this process, the proxy in its own (as `nullops ingress` runs it).
  const feedApp = Fastify({ logger: false });
  await feedApp.register(ingressBuiltin, { nullops: { ingressToken: TOKEN } });
  await feedApp.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => feedApp.close());
  const proxyModule = new URL('../dist/src/proxy/index.js', import.meta.url).href;
  const feedUrl = `ws://127.0.0.1:${feedApp.server.address().port}/api/v1/ingress/feed`;
  const startBuiltin = async (workers) => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `const { startIngressProxy } = await import(${JSON.stringify(proxyModule)}); const proxy = await startIngressProxy({ feedUrl: ${JSON.stringify(feedUrl)}, token: ${JSON.stringify(TOKEN)}, port: ${port}, host: '127.0.0.1', accessLog: false, log: () => {}, workers: ${workers} }); process.on('SIGTERM', () => proxy.stop().then(() => process.exit(0)));`],
      { stdio: 'inherit' },
    );
    cleanups.push(() => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }));
    return port;
  };
  const builtinPort = await startBuiltin(1);
  const cores = Number((await run('nproc')).stdout.trim());
  const builtinWorkersPort = await startBuiltin(cores);

  let version = 1;
  const tableWith = (hosts) => ({ version: version++, routes: hosts.map((host) => ({ host, state: 'ready', upstreams: [{ address: '127.0.0.1', port: backendPort }], deployment: { id: 'bench', name: 'bench' } })) });
  const first = tableWith([HOST]);
  await Promise.all([feedApp.ingress.apply(first), nginxApp.ingress.apply(first)]);
  await waitFor(builtinPort, HOST, 200);
  await waitFor(builtinWorkersPort, HOST, 200);
  await waitFor(ingressNginxPort, HOST, 200);

  console.log(`wrk -t1 -c${CONNECTIONS} -d${DURATION}s, ${ROUNDS} rounds (median shown), loopback, ${cores} cores shared by wrk, backend and proxy`);
  console.log(`backend: nginx static file (1 worker); nginx proxies: worker_processes ${nginxWorkers}\n`);
  const targets = [
    ['direct to backend', backendPort],
    ['nginx (hand-configured)', handPort],
    ['ingress-nginx', ingressNginxPort],
    ['ingress-builtin (1 process)', builtinPort],
    [`ingress-builtin (${cores} workers)`, builtinWorkersPort],
  ];
  await wrk(builtinPort, HOST).catch(() => {}); // warm-up (JIT, pools)
  await wrk(builtinWorkersPort, HOST).catch(() => {});
  const runs = Object.fromEntries(targets.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) for (const [name, port] of targets) runs[name].push(await wrk(port, HOST));
  const median = (list, key) => [...list].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const results = {};
  for (const [name] of targets) {
    const list = runs[name];
    results[name] = { rps: median(list, 'rps'), p99: median(list, 'p99') };
    const errors = list.reduce((n, r) => n + r.errors, 0);
    const socketErrors = list.map((r) => r.socketErrors).filter(Boolean);
    console.log(`${name.padEnd(30)} ${results[name].rps.toFixed(0).padStart(7)} req/s   p99 ${results[name].p99.toFixed(2).padStart(7)} ms   (rounds: ${list.map((r) => r.rps.toFixed(0)).join(', ')} req/s)${errors ? `   non-2xx ${errors}` : ''}${socketErrors.length ? `   socket errors ${socketErrors.join('; ')}` : ''}`);
  }
  // Ratios are taken within each round (targets ran back to back) and the median of those is shown:
  // steadier than a ratio of medians when other work on the machine comes and goes.
  const handRuns = runs['nginx (hand-configured)'];
  const ratio = (name) => {
    const rps = runs[name].map((r, i) => r.rps / handRuns[i].rps).sort((a, b) => a - b);
    const p99 = runs[name].map((r, i) => r.p99 / handRuns[i].p99).sort((a, b) => a - b);
    const mid = Math.floor(rps.length / 2);
    return `${rps[mid].toFixed(2)}x req/s, ${p99[mid].toFixed(2)}x p99   (per round: ${rps.map((x) => x.toFixed(2)).join(', ')})`;
  };
  console.log('\nRelative to the hand-configured nginx, median of per-round ratios:');
  console.log(`  direct to backend              ${ratio('direct to backend')}`);
  console.log(`  ingress-nginx                  ${ratio('ingress-nginx')}   (target: req/s within 5%)`);
  console.log(`  ingress-builtin (1 process)    ${ratio('ingress-builtin (1 process)')}   (target: >= 0.5x req/s, p99 < 3x)`);
  console.log(`  ingress-builtin (${cores} workers)    ${ratio(`ingress-builtin (${cores} workers)`)}`);
  console.log(`  load average at the end: ${(await run('cat', ['/proc/loadavg'])).stdout.split(' ').slice(0, 3).join(' ')} (other work on the machine skews every figure)`);

  // Route change: apply a table with one more host, then poll it until it answers 200.
  const samples = { 'ingress-builtin': [], 'ingress-nginx': [] };
  const changes = 15;
  for (let i = 0; i < changes; i++) {
    const host = `svc${i}.change.local.example.com`;
    const table = tableWith([HOST, host]);
    let started = performance.now();
    await feedApp.ingress.apply(table);
    await waitFor(builtinPort, host, 200);
    samples['ingress-builtin'].push(performance.now() - started);
    started = performance.now();
    await nginxApp.ingress.apply(table);
    await waitFor(ingressNginxPort, host, 200);
    samples['ingress-nginx'].push(performance.now() - started);
  }
  console.log(`\nRoute change, apply() to first 200 (${changes} changes):`);
  for (const [name, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(16)} median ${list[Math.floor(list.length / 2)].toFixed(1)} ms   max ${list[list.length - 1].toFixed(1)} ms`);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
}
