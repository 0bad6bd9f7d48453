#!/usr/bin/env node
// How long a job's log of 100,000 lines takes to reach the deployment page's log viewer, against the
// same for a 1,000-line job measured in the same run (the anchor), split into where the time goes:
//   api     GET /deployments/:id/logs?step=…&tail=100000 alone (agent → control plane → JSON)
//   viewer  choosing the step in Debian's Chromium until the last line is drawn (request, parse,
//           virtualised draw, follow to the end)
//   search  typing a search that matches one line near the start until the viewer shows it
// Rounds alternate; medians and ratios are printed. Goal: the 100,000-line viewer under 100× the
// 1,000-line one (it grows with the lines, never worse). Not part of `npm test`.
//
//   node studio/bench/log-viewer-100k-lines.mjs [rounds]
//   (needs `npm run build`, the studio build `npm run build -w studio`, and the test infrastructure:
//    scripts/test-infra/up.sh — a Docker engine and the local registry on 127.0.0.1:5001)
import { TEST_ADMIN } from '@nullops/core/testing';
import { pushPageImage, savePipeline, startStack, waitForStatus } from '@nullops/platform/testing';
import { launchChromium, signInThroughForm } from '../dist/test/support/browser.js';
import { median, ms, requireBuiltStudio, say } from './bench-support.mjs';

const rounds = Number(process.argv[2] ?? 3);
const SIZES = [1_000, 100_000];
const studioDir = requireBuiltStudio();

const suffix = Math.random().toString(16).slice(2, 8);
const repository = `bench/logs-${suffix}`;
say('pushing a page image and starting a control plane, an agent and the ingress…');
await pushPageImage(repository, 'v1', 'bench');
const stack = await startStack({ studioDir });
const browser = await launchChromium();
try {
  const create = async (path, body) => {
    const answer = await stack.api('POST', path, body, stack.admin);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const registry = await create('/registries', { name: `bench-${suffix}`, url: 'http://127.0.0.1:5001' });
  await create('/services', { name: 'web', registryId: registry.id, image: repository, tagMode: 'pinned', tag: 'v1', ports: [{ name: 'http', port: 8080, ingress: true }] });
  const project = await create('/projects', { name: `bench-logs-${suffix}`, resources: { cpu: 0.5, memoryMb: 128 } });
  const job = (size) => ({ id: `print-${size}`, kind: 'job', service: 'web', command: ['awk', `BEGIN { for (i = 1; i <= ${size}; i++) printf "\\033[33mline %d\\033[0m of the job log\\n", i }`] });
  await savePipeline(stack, project.id, { steps: [{ id: 'web', kind: 'service', service: 'web' }, ...SIZES.map(job)], edges: SIZES.map((size) => ({ from: 'web', to: `print-${size}` })) });
  let started = Date.now();
  const deployment = await create('/deployments', { projectId: project.id, environmentId: stack.environment.id, name: `logs-${suffix}`, versions: {} });
  await waitForStatus(stack, deployment.id, 'running', 600_000);
  say(`deployment running after ${ms(Date.now() - started)}`);
  // The jobs' lines reach the control plane one message each, in the node's order; reading them back
  // waits behind whatever of them is still being handled.
  for (;;) {
    const answer = await stack.api('GET', `/deployments/${deployment.id}/logs?step=print-${SIZES[1]}&tail=100000`, undefined, stack.admin);
    if (answer.body.items?.length === SIZES[1]) break;
    say(`  the API answers ${answer.body.items?.length} of ${SIZES[1]} lines so far (${answer.body.source})…`);
  }
  say(`every line readable through the API ${ms(Date.now() - started)} after the deployment was created`);

  const page = await (await browser.newContext({ baseURL: stack.base, viewport: { width: 1366, height: 900 } })).newPage();
  await signInThroughForm(page, TEST_ADMIN);
  await page.goto(`/deployments/${deployment.id}`);
  await page.locator('#log-step').waitFor();

  const times = Object.fromEntries(SIZES.map((size) => [size, { api: [], viewer: [], search: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const size of SIZES) {
      started = performance.now();
      const answer = await stack.api('GET', `/deployments/${deployment.id}/logs?step=print-${size}&tail=100000`, undefined, stack.admin);
      times[size].api.push(performance.now() - started);
      if (answer.body.items.length !== size) throw new Error(`the API answered ${answer.body.items.length} lines of print-${size}`);

      await page.locator('#log-step').selectOption('web');
      await page.locator('#log-search').fill('');
      started = performance.now();
      await page.locator('#log-step').selectOption(`print-${size}`);
      await page.locator('.log-line', { hasText: `line ${size} of the job log` }).waitFor({ timeout: 300_000 });
      times[size].viewer.push(performance.now() - started);

      started = performance.now();
      await page.locator('#log-search').fill('line 7 of');
      await page.getByTestId('log-count').getByText(`1 of ${size.toLocaleString('en-US')} lines`).waitFor({ timeout: 60_000 });
      times[size].search.push(performance.now() - started);
    }
    say(`round ${round + 1}/${rounds} done`);
  }
  for (const what of ['api', 'viewer', 'search']) {
    const [small, big] = SIZES.map((size) => median(times[size][what]));
    say(`${what.padEnd(6)} ${SIZES[0].toLocaleString('en-US')} lines ${ms(small).padStart(8)} · ${SIZES[1].toLocaleString('en-US')} lines ${ms(big).padStart(8)} · ratio ${(big / small).toFixed(1)}×`);
  }
} finally {
  await browser.close();
  await stack.close();
}
