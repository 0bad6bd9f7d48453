#!/usr/bin/env node
// How long the pipeline editor takes, in Debian's Chromium, to open a 200-step pipeline (page load to
// every node drawn and validated) and to auto-arrange it (the editor's layered layout on known node sizes, then zoom to fit), against the
// same for a 10-step pipeline measured in the same run as the anchor. Rounds alternate; medians and
// ratios are printed. Goal: 200 steps open + arrange in under 1 s. Not part of `npm test`.
// Two figures per size: the wall clock seen from the test driver (navigation, sign-in check, catalog
// and version requests included) and the editor's own spans measured in the page with
// performance.measure: `open` from the version's arrival to the first paint with every step drawn and
// checked, `arrange` from the click to the painted layout after zoom to fit.
// "Drawn" means every step has its element on the canvas. Fitted to the screen, both pipelines are
// zoomed out below 30 % (the 200-step one to about 1 %), where a step is drawn in its far form — its
// box, kind colour, problem border and id, without the text that could not be read at that size (see
// StepNodeView.vue); the bench counts the steps drawn in each form and prints them.
//
//   node studio/bench/pipeline-editor-open-and-arrange.mjs [rounds]
//   (needs `npm run build` and the studio build: `npm run build -w studio`; runs its own control plane
//    on an embedded PostgreSQL and a free port)
import { startTestControlPlane, TEST_ADMIN } from '@nullops/core/testing';
import { launchChromium, signInThroughForm } from '../dist/test/support/browser.js';
import { median, ms, requireBuiltStudio, say } from './bench-support.mjs';

const rounds = Number(process.argv[2] ?? 3);
const studioDir = requireBuiltStudio();

/** A layered DAG of `size` steps: services and jobs of one catalog service, each after one or two earlier steps. */
function pipeline(size) {
  const steps = [];
  const edges = [];
  for (let i = 0; i < size; i++) {
    const id = `s${i}`;
    steps.push(i % 3 === 2 ? { id, kind: 'job', service: 'app', command: ['sh', '-c', `echo ${id}`] } : { id, kind: 'service', service: 'app', env: i > 0 ? { UPSTREAM: `\${{ services.s${i - (i % 3 === 0 ? 3 : 1)}.host }}` } : undefined });
    if (i >= 1) edges.push({ from: `s${i - 1}`, to: id });
    if (i >= 4 && i % 4 === 0) edges.push({ from: `s${i - 4}`, to: id });
  }
  // Services referenced by env must exist and be service steps; keep only those that are.
  for (const step of steps) {
    if (step.env && !steps.find((s) => s.id === step.env.UPSTREAM.match(/services\.(s\d+)\./)[1] && s.kind === 'service')) delete step.env;
    if (step.env === undefined) delete step.env;
  }
  return { steps, edges };
}

say('starting a control plane with the built studio…');
const tcp = await startTestControlPlane({ port: 0, studioDir });
const base = await tcp.controlPlane.listen();
const call = async (method, path, body, cookie) => {
  const response = await fetch(`${base}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), origin: base }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { response, body: text ? JSON.parse(text) : undefined };
};
const login = await call('POST', '/auth/login', TEST_ADMIN);
const cookie = login.response.headers.get('set-cookie').split(';')[0];
const registry = (await call('POST', '/registries', { name: 'bench', url: 'http://127.0.0.1:5001' }, cookie)).body;
await call('POST', '/services', { name: 'app', registryId: registry.id, image: 'bench/app', tagMode: 'pinned', tag: 'v1', ports: [{ name: 'http', port: 8080, ingress: false }] }, cookie);
const projects = {};
for (const size of [10, 200]) {
  const project = (await call('POST', '/projects', { name: `bench-${size}`, resources: { cpu: 64, memoryMb: 262144 } }, cookie)).body;
  await call('POST', `/projects/${project.id}/pipeline/versions`, { definition: pipeline(size), message: `${size} steps` }, cookie);
  projects[size] = project.id;
}

const browser = await launchChromium();
const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
await signInThroughForm(page, TEST_ADMIN);

async function measure(size) {
  await page.goto('/');
  await page.getByTestId('signed-in-as').waitFor();
  const started = Date.now();
  await page.goto(`/projects/${projects[size]}/pipeline`);
  await page.locator('[data-testid="pipeline-editor"][data-ready="true"]').waitFor({ timeout: 120_000 });
  const opened = Date.now() - started;
  const drawn = await page.getByTestId('step-node').count();
  if (drawn !== size) throw new Error(`expected ${size} nodes drawn, found ${drawn}`);
  const far = await page.locator('[data-testid="step-node"][data-detail="far"]').count();
  const arrangeStart = Date.now();
  await page.getByRole('button', { name: 'Auto-arrange' }).click();
  await page.locator('[data-testid="pipeline-editor"][data-arranged="1"][data-arranging="false"]').waitFor({ timeout: 120_000 });
  const arranged = Date.now() - arrangeStart;
  const spans = await page.waitForFunction(() => {
    const last = (name) => performance.getEntriesByName(name).at(-1)?.duration;
    const open = last('pipeline-editor:open');
    const arrange = last('pipeline-editor:arrange');
    return open !== undefined && arrange !== undefined && { open, arrange };
  });
  const { open: editorOpen, arrange: editorArrange } = await spans.jsonValue();
  return { opened, arranged, total: opened + arranged, editorOpen, editorArrange, editorTotal: editorOpen + editorArrange, far };
}

try {
  say('warming up (first load fills the browser cache)…');
  await measure(10);
  const results = { 10: [], 200: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const size of [10, 200]) {
      const r = await measure(size);
      results[size].push(r);
      say(`round ${round}: ${String(size).padStart(3)} steps — wall clock: open ${ms(r.opened)}, auto-arrange ${ms(r.arranged)}, total ${ms(r.total)}; in the page: open ${ms(r.editorOpen)}, arrange ${ms(r.editorArrange)}; drawn ${size} (${r.far} in the far form)`);
    }
  }
  const med = (size, key) => median(results[size].map((r) => r[key]));
  console.log('');
  console.log(`pipeline editor, median of ${rounds} rounds (Chromium, headless)`);
  const labels = {
    opened: 'open (wall clock, with page load)',
    arranged: 'auto-arrange (wall clock)',
    total: 'open + arrange (wall clock)',
    editorOpen: 'open (editor span)',
    editorArrange: 'auto-arrange (editor span)',
    editorTotal: 'open + arrange (editor spans)',
  };
  for (const [key, label] of Object.entries(labels)) {
    console.log(`  ${label.padEnd(34)} 10 steps ${ms(med(10, key)).padStart(8)}   200 steps ${ms(med(200, key)).padStart(8)}   ratio 200/10 ${(med(200, key) / med(10, key)).toFixed(2)}x`);
  }
  console.log(`  goal: 200 steps open + arrange under 1000 ms — wall clock ${med(200, 'total') < 1000 ? 'met' : 'not met'}, editor spans ${med(200, 'editorTotal') < 1000 ? 'met' : 'not met'}`);
} finally {
  await browser.close();
  await tcp.close();
}
