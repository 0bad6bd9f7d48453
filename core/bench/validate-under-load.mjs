#!/usr/bin/env node
// How long pipeline validation holds the control plane's event loop, and what /healthz latency a user
// sees meanwhile (issue 16: one read-only user validating a huge pipeline stalled everyone for ~20 s).
//
// 1. The validator alone: the largest pipeline the caps allow (docs/limits.md), and a 10,000-step one
//    that the caps refuse — median and worst time per call.
// 2. A control plane in a child process: /healthz latency p50/p99 at rest (the anchor), then while two
//    clients post the largest allowed pipeline to /pipeline/validate back to back; printed with the ratio
//    to the anchor. Goal: p99 under 50 ms.
//
//   node core/bench/validate-under-load.mjs [seconds]     (needs `npm run build`; starts its own PostgreSQL
//                                                          unless NULLOPS_TEST_DATABASE_URL names a server)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PIPELINE_LIMITS, validatePipeline } from '../dist/src/pipeline/index.js';

const seconds = Number(process.argv[2] ?? 10);
const say = (message) => console.log(`[bench] ${message}`);
const ms = (value) => `${value.toFixed(2)} ms`;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];

/** The largest pipeline the caps allow: every step, every edge, expressions up to the cap, a body near 512 KiB. */
function largestAllowed() {
  const steps = [];
  const edges = [];
  const n = PIPELINE_LIMITS.maxSteps;
  const perStep = Math.floor(PIPELINE_LIMITS.maxEdges / n);
  const expressionsPerStep = Math.floor(PIPELINE_LIMITS.maxExpressions / n);
  let padding = 0;
  for (let i = 0; i < n; i++) {
    const env = { PADDING: 'x'.repeat(padding) };
    for (let e = 0; e < expressionsPerStep; e++) env[`E${e}`] = e % 2 ? '${{ services.s0.url }}' : `\${{ deployment.name }}-${e}`;
    steps.push(i % 2 ? { id: `s${i}`, kind: 'job', service: 'web', command: ['sh', '-c', 'echo ok'], env } : { id: `s${i}`, kind: 'service', service: 'web', env });
    for (let k = 1; k <= perStep && i - k >= 0; k++) edges.push({ from: `s${i - k}`, to: `s${i}` });
  }
  const definition = { steps, edges, layout: { nodes: Object.fromEntries(steps.map((s, i) => [s.id, { x: i * 10, y: i * 5 }])) } };
  // Pad the strings until the body is just under the route's limit.
  const room = PIPELINE_LIMITS.maxBodyBytes - 1024 - JSON.stringify({ definition }).length;
  padding = Math.min(PIPELINE_LIMITS.maxStringLength, Math.floor(room / n));
  for (const step of steps) step.env.PADDING = 'x'.repeat(padding);
  return definition;
}

function chain(n) {
  return { steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: 'job', service: 'web', command: ['true'] })), edges: Array.from({ length: n - 1 }, (_, i) => ({ from: `s${i}`, to: `s${i + 1}` })) };
}

const context = { services: [{ name: 'web', ports: [{ name: 'http', port: 8080, ingress: true }], env: {} }], plugins: [], secrets: [] };

if (process.argv.includes('--serve')) {
  // The child: a control plane on a fresh database, with an admin, a project and a catalog service.
  const { startTestControlPlane, signIn, call, TEST_ADMIN } = await import('../dist/test/support/index.js');
  const plane = await startTestControlPlane({}, { logger: false });
  const base = await plane.app.listen({ port: 0, host: '127.0.0.1' });
  const cookie = await signIn(plane.app, TEST_ADMIN.username, TEST_ADMIN.password);
  const registries = (await call(plane.app, { cookie }, 'GET', '/api/v1/registries')).body.items;
  const service = await call(plane.app, { cookie }, 'POST', '/api/v1/services', { name: 'web', registryId: registries[0].id, image: 'shop/web', tagMode: 'pinned', tag: '1', ports: [{ name: 'http', port: 8080, ingress: true }] });
  if (service.status !== 201) throw new Error(`creating the catalog service failed: ${service.raw}`);
  const project = (await call(plane.app, { cookie }, 'POST', '/api/v1/projects', { name: 'bench', resources: { cpu: 4, memoryMb: 8192 } })).body;
  process.stdout.write(`${JSON.stringify({ base, cookie, projectId: project.id })}\n`);
  process.on('SIGTERM', () => plane.close().finally(() => process.exit(0)));
} else {
  const largest = largestAllowed();
  const body = JSON.stringify({ definition: largest });
  say(`largest allowed pipeline: ${largest.steps.length} steps, ${largest.edges.length} edges, ${(body.length / 1024).toFixed(0)} KiB body (caps: ${JSON.stringify(PIPELINE_LIMITS)})`);
  const time = (definition, rounds) => {
    const took = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      validatePipeline(definition, context);
      took.push(performance.now() - started);
    }
    return took;
  };
  const verdict = validatePipeline(largest, context);
  if (!verdict.valid) throw new Error(`the largest allowed pipeline should be valid: ${JSON.stringify(verdict.errors.slice(0, 3))}`);
  time(largest, 5);
  const atCaps = time(largest, 40);
  const parse = [];
  for (let i = 0; i < 40; i++) {
    const started = performance.now();
    JSON.parse(body);
    parse.push(performance.now() - started);
  }
  const refused = time(chain(10_000), 40);
  say(`validation at the caps:        median ${ms(quantile(atCaps, 0.5))}, worst ${ms(Math.max(...atCaps))}`);
  say(`JSON.parse of that body:       median ${ms(quantile(parse, 0.5))}, worst ${ms(Math.max(...parse))}`);
  say(`10,000-step chain (refused):   median ${ms(quantile(refused, 0.5))}, worst ${ms(Math.max(...refused))}`);

  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    child.on('exit', (code) => reject(new Error(`the control plane exited (${code}) before it was ready`)));
  });
  try {
    const healthz = async (untilMs) => {
      const took = [];
      while (Date.now() < untilMs) {
        const started = performance.now();
        const response = await fetch(`${ready.base}/healthz`);
        await response.arrayBuffer();
        took.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return took;
    };
    const rest = await healthz(Date.now() + seconds * 1000);
    let stop = false;
    let validations = 0;
    const validateLoop = async () => {
      while (!stop) {
        const response = await fetch(`${ready.base}/api/v1/projects/${ready.projectId}/pipeline/validate`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: ready.cookie }, body });
        const answer = await response.json();
        if (response.status !== 200 || !answer.valid) throw new Error(`validate answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
        validations++;
      }
    };
    const loops = [validateLoop(), validateLoop()];
    const loaded = await healthz(Date.now() + seconds * 1000);
    stop = true;
    await Promise.all(loops);
    say(`/healthz at rest (anchor):     p50 ${ms(quantile(rest, 0.5))}, p99 ${ms(quantile(rest, 0.99))} (${rest.length} requests)`);
    say(`/healthz while validating:     p50 ${ms(quantile(loaded, 0.5))}, p99 ${ms(quantile(loaded, 0.99))} (${loaded.length} requests, ${validations} validations of the largest pipeline in ${seconds} s)`);
    say(`ratio to the anchor:           p50 ×${(quantile(loaded, 0.5) / quantile(rest, 0.5)).toFixed(1)}, p99 ×${(quantile(loaded, 0.99) / quantile(rest, 0.99)).toFixed(1)}; goal p99 < 50 ms: ${quantile(loaded, 0.99) < 50 ? 'met' : 'NOT met'}`);
  } finally {
    child.kill('SIGTERM');
  }
}
