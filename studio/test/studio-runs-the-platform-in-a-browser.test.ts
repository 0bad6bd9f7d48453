// The studio in Debian's Chromium against a real control plane, agent, ingress, Docker and the local
// registry: an admin sets everything up through the pages, a developer deploys a chosen tag and watches
// it run, opens its URL and logs, extends, clones it with another tag and deletes it; a deployment is
// cancelled while it deploys; a job's 100,000-line log is read, scrolled and searched in the viewer; a
// read-only user sees the page without the actions; a failed deployment shows its error and Retry; an
// expired session returns to where it was.
// Every main page is screenshotted at 1366 and 1280 px and scanned with axe-core.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createServer } from 'node:net';
import { TEST_ADMIN } from '@nullops/core/testing';
import { pushPageImage, savePipeline, startStack, waitFor, waitForStatus, type Stack } from '@nullops/platform/testing';
import { studioDistDir } from '../lib/index.js';
import { fillSignInForm, launchChromium, newContext, screenshots, seriousViolations } from './support/browser.js';

const suffix = randomBytes(3).toString('hex');
const repository = `studio-e2e/page-${suffix}`;
const web = `web-${suffix}`;
const shop = `shop-${suffix}`;
const broken = `broken-${suffix}`;
const DEV = { username: 'dana', password: 'dana-password-1' };
const VIEWER = { username: 'rico', password: 'rico-password-1' };

let stack: Stack;
let browser: Browser;
let admin: Page;
let dev: Page;
let deploymentId = '';

t.before(async () => {
  await pushPageImage(repository, 'v1', 'studio page v1');
  await pushPageImage(repository, 'v2', 'studio page v2');
  stack = await startStack({ studioDir: studioDistDir });
  browser = await launchChromium('test');
});
t.teardown(async () => {
  await browser?.close();
  await stack?.close();
});

type Test = { same: (found: unknown, wanted: unknown, message: string) => boolean };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Opens an admin page from the admin side menu. */
async function adminSection(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function checkAccessibility(t: Test, page: Page, name: string) {
  const violations = await seriousViolations(page);
  t.same(violations, [], `${name}: no serious or critical accessibility violations`);
  await screenshots(page, name);
}

t.test('an admin signs in and sets up registry, service, project, environment, users, teams and grants', async (t) => {
  admin = await (await newContext(browser, stack.base)).newPage();
  await admin.goto('/');
  await admin.waitForURL(/\/sign-in/);
  await checkAccessibility(t, admin, 'sign-in');
  await fillSignInForm(admin, TEST_ADMIN);
  await admin.waitForURL((url) => url.pathname === '/');
  await admin.getByTestId('empty-state').waitFor();
  t.match(await admin.getByTestId('empty-state').innerText(), /No deployments yet[\s\S]*Start your first deployment/, 'the empty home says how to start');
  await checkAccessibility(t, admin, 'deployments-empty');

  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await adminSection(admin, 'Registries');
  await admin.locator('#r-name').fill(`local-${suffix}`);
  await admin.locator('#r-url').fill('http://127.0.0.1:5001');
  await admin.getByRole('button', { name: 'Add registry' }).click();
  const registryRow = admin.locator(`[data-registry="local-${suffix}"]`);
  await registryRow.getByRole('button', { name: 'Test credentials' }).click();
  await registryRow.getByTestId('registry-check').waitFor();
  t.match(await registryRow.getByTestId('registry-check').innerText(), /^✓/, 'the credentials test reaches the local registry');
  await admin.locator('#r-url').fill('not a url');
  await admin.locator('#r-name').fill('bad');
  await admin.getByRole('button', { name: 'Add registry' }).click();
  const refusal = admin.locator('form .alert');
  await refusal.waitFor();
  t.notMatch(await refusal.innerText(), /[{}]/, 'a refused registry is explained in words next to the form, not as JSON');
  await checkAccessibility(t, admin, 'admin-registries');

  await adminSection(admin, 'Services');
  await admin.locator('#s-name').fill(web);
  await admin.locator('#s-registry').selectOption({ label: `local-${suffix} (http://127.0.0.1:5001)` });
  await admin.locator('#s-image').fill(repository);
  await admin.locator('#s-pattern').fill('v*');
  await admin.locator('#p-port-0').fill('8080');
  await admin.getByRole('button', { name: 'Add service' }).click();
  const serviceRow = admin.locator(`[data-service="${web}"]`);
  await serviceRow.getByRole('button', { name: 'Preview tags' }).click();
  const preview = admin.locator(`[data-preview="${web}"]`);
  await preview.getByText('v1').waitFor();
  t.match(await preview.innerText(), /2 matching tags[\s\S]*v2[\s\S]*v1/, 'the pattern preview lists the matching tags, newest first');
  await checkAccessibility(t, admin, 'admin-services');

  await adminSection(admin, 'Projects');
  for (const [name, cpu] of [[shop, '0.5'], [broken, '0.25']]) {
    await admin.locator('#p-name').fill(name);
    await admin.locator('#p-cpu').fill(cpu);
    await admin.locator('#p-mem').fill('128');
    await admin.getByRole('button', { name: 'Add project' }).click();
    await admin.locator(`[data-project="${name}"]`).waitFor();
  }
  const projects = (await stack.api('GET', '/projects', undefined, stack.admin)).body.items as { id: string; name: string }[];
  const shopId = projects.find((p) => p.name === shop)!.id;
  const brokenId = projects.find((p) => p.name === broken)!.id;
  // The pipeline editor is the editor's page (issue 14); pipelines are saved through the API here.
  await savePipeline(stack, shopId, {
    steps: [
      { id: 'web', kind: 'service', service: web },
      { id: 'seed', kind: 'job', service: web, command: ['sh', '-c', "printf '\\033[32mseeded the store\\033[0m\\n'; seq 1 300"] },
    ],
    edges: [{ from: 'web', to: 'seed' }],
  });
  await savePipeline(stack, brokenId, {
    steps: [
      { id: 'web', kind: 'service', service: web },
      { id: 'migrate', kind: 'job', service: web, command: ['sh', '-c', 'echo cannot reach the database >&2; exit 3'] },
    ],
    edges: [{ from: 'web', to: 'migrate' }],
  });
  await admin.locator(`[data-project="${shop}"]`).getByRole('button', { name: 'Settings & secrets' }).click();
  await admin.locator(`#sec-name-${shopId}`).fill('API_KEY');
  await admin.locator(`#sec-value-${shopId}`).fill('s3cret-value');
  await admin.getByRole('button', { name: 'Set secret' }).click();
  await admin.getByText('API_KEY', { exact: true }).waitFor();
  t.notMatch(await admin.locator('main').innerText(), /s3cret-value/, 'a secret value is never shown back');
  await checkAccessibility(t, admin, 'admin-projects');

  await adminSection(admin, 'Environments & nodes');
  await admin.locator(`[data-environment="${stack.environment.name}"] [data-node="node-1"] [data-testid="status"]`, { hasText: 'online' }).waitFor();
  await admin.locator('#env-name').fill(`qa-${suffix}`);
  await admin.locator('#env-domain').fill('qa.example.com');
  await admin.getByRole('button', { name: 'Add environment' }).click();
  const qa = admin.locator(`[data-environment="qa-${suffix}"]`);
  await qa.getByLabel('Node name', { exact: true }).fill('qa-1');
  await qa.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await qa.getByLabel('Port', { exact: true }).fill(String(await freePort()));
  await qa.getByRole('button', { name: 'Add node' }).click();
  const token = qa.getByTestId('node-token');
  await token.waitFor();
  t.match(await token.innerText(), /shown only now[\s\S]*docker run -d --name nullops-agent[\s\S]*AGENT_TOKEN=\S{20,}/, 'a new node shows its token once, inside a ready docker run line');
  await checkAccessibility(t, admin, 'admin-environments');
  await qa.getByRole('button', { name: 'I have copied it' }).click();
  t.equal(await qa.getByTestId('node-token').count(), 0, 'the token is gone once dismissed');

  await adminSection(admin, 'Users');
  for (const who of [DEV, VIEWER]) {
    await admin.locator('#u-name').fill(who.username);
    await admin.locator('#u-pass').fill(who.password);
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.locator(`[data-user="${who.username}"]`).waitFor();
  }
  await checkAccessibility(t, admin, 'admin-users');

  await adminSection(admin, 'Teams');
  for (const [team, member] of [['developers', DEV.username], ['viewers', VIEWER.username]]) {
    await admin.locator('#t-name').fill(team);
    await admin.getByRole('button', { name: 'Add team' }).click();
    const card = admin.locator(`[data-team="${team}"]`);
    await card.getByLabel('Add member').selectOption({ label: member });
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await card.getByText(member, { exact: false }).first().waitFor();
  }
  await checkAccessibility(t, admin, 'admin-teams');

  await adminSection(admin, 'Access grants');
  for (const project of [shop, broken]) {
    await admin.locator('#g-target').selectOption({ label: project });
    for (const [team, access] of [['developers', 'full'], ['viewers', 'read']]) {
      await admin.locator('#g-team').selectOption({ label: team });
      await admin.locator('#g-access').selectOption(access);
      await admin.getByRole('button', { name: 'Grant', exact: true }).click();
      await admin.getByLabel(`Access of ${team}`).waitFor();
    }
  }
  const grants = (await stack.api('GET', `/projects/${shopId}/grants`, undefined, stack.admin)).body.items as { team: { name: string }; access: string }[];
  t.same(grants.map((g) => `${g.team.name}:${g.access}`).sort(), ['developers:full', 'viewers:read'], 'the grants reached the API');
  await checkAccessibility(t, admin, 'admin-access');

  for (const [link, name] of [['Plugins', 'admin-plugins'], ['Marketplace', 'admin-marketplace'], ['Audit log', 'admin-audit']]) {
    await adminSection(admin, link);
    await admin.waitForLoadState('networkidle');
    await checkAccessibility(t, admin, name);
  }
  t.match(await admin.locator('table[aria-label="Audit log"]').innerText(), /projects\.[\s\S]*dana|users/, 'the audit log lists what the admin just did');
});

t.test('a developer deploys a chosen tag, watches it run, opens its URL and logs, and extends it', async (t) => {
  dev = await (await newContext(browser, stack.base)).newPage();
  await dev.goto('/deployments/new');
  await dev.waitForURL(/\/sign-in\?next=/);
  await fillSignInForm(dev, DEV);
  await dev.waitForURL(/\/deployments\/new$/);
  await dev.locator('#project').selectOption({ label: shop });
  await dev.locator('#environment').selectOption(stack.environment.id);
  const tags = dev.getByLabel(`Tag for ${web}`);
  await tags.locator('option', { hasText: 'v2' }).waitFor({ state: 'attached' });
  t.same(await tags.locator('option').allInnerTexts(), ['v2', 'v1'], 'the tag list comes from the registry, newest first');
  await dev.getByLabel(`Search tags of ${web}`).fill('1');
  t.same(await tags.locator('option').allInnerTexts(), ['v1'], 'typing narrows the tags');
  await tags.selectOption('v1');
  await dev.locator('#name').fill('Checkout_1');
  await dev.locator('#name').blur();
  t.match(await dev.locator('#name-error').innerText(), /lower-case/, 'a bad name is explained before sending');
  await checkAccessibility(t, dev, 'new-deployment');
  await dev.locator('#name').fill('checkout-1');
  await dev.getByRole('button', { name: 'Start deployment' }).click();
  await dev.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
  deploymentId = dev.url().split('/').pop()!;
  await screenshots(dev, 'deployment-deploying');

  await dev.locator('h1 .badge', { hasText: 'running' }).waitFor({ timeout: 120_000 });
  await dev.locator('[data-step="seed"][data-state="done"]').waitFor({ timeout: 60_000 });
  t.equal(await dev.locator('[data-step="web"]').getAttribute('data-state'), 'done', 'the graph shows the service step done');
  const deployment = (await stack.api('GET', `/deployments/${deploymentId}`, undefined, stack.admin)).body;
  t.same(deployment.versions, { [web]: 'v1' }, 'the chosen tag was deployed');

  const href = (await dev.getByTestId('url-web').getAttribute('href'))!;
  const site = await dev.context().newPage();
  await waitFor(async () => !!(await site.goto(href))?.ok() && /studio page v1/.test(await site.content()), 'the deployment URL answers in the browser', 30_000, 500);
  t.match(await site.content(), /studio page v1/, 'the URL opens the chosen version');
  await site.close();

  await dev.locator('#log-step').selectOption('seed');
  await dev.locator('.log-line', { hasText: /^\s*301\s*300$/ }).waitFor();
  t.pass('the job log is read to its last line (followed to the end)');
  await dev.locator('#log-search').fill('seeded');
  const seeded = dev.locator('.log-line', { hasText: 'seeded the store' });
  await seeded.waitFor();
  t.match(await dev.getByTestId('log-count').innerText(), /^1 of 301 lines/, 'search narrows the log to matching lines');
  t.equal(await seeded.locator('.fg-green').count(), 1, 'ANSI colours are drawn, not printed as codes');
  t.notMatch(await seeded.innerText(), /\[32m/, 'no raw escape codes');
  await dev.locator('#log-search').fill('');
  await dev.getByRole('tab', { name: 'CPU & memory' }).click();
  await dev.locator('figure.chart figcaption', { hasText: 'web' }).waitFor({ timeout: 20_000 });
  await dev.getByRole('tab', { name: 'Logs' }).click();
  await dev.getByTestId('log-count').getByText(/· live$/).waitFor({ timeout: 10_000 });
  t.pass("a running service that prints nothing is shown as followed live, not 'connecting'");
  await checkAccessibility(t, dev, 'deployment-running');

  for (const action of ['Extend', 'Clone…', 'Delete']) t.ok(await dev.getByRole('button', { name: action, exact: true }).isVisible(), `full access offers ${action}`);
  const before = Date.parse(deployment.expiresAt);
  await dev.getByRole('button', { name: 'Extend', exact: true }).click();
  await waitFor(async () => Date.parse((await stack.api('GET', `/deployments/${deploymentId}`, undefined, stack.admin)).body.expiresAt) > before, 'the expiry moved', 10_000);
  t.pass('Extend moved the expiry');

  await dev.getByRole('button', { name: 'Clone…', exact: true }).click();
  const clone = dev.getByRole('dialog', { name: 'Clone checkout-1' });
  await clone.waitFor();
  t.equal(await clone.locator('#clone-name').inputValue(), 'checkout-1-copy', 'the copy gets a name to start from');
  await clone.locator('#clone-name').fill('checkout-2');
  const cloneTags = clone.getByLabel(`Tag for ${web}`);
  await cloneTags.locator('option', { hasText: 'v2' }).waitFor({ state: 'attached' });
  t.equal(await cloneTags.inputValue(), 'v1', 'the tag starts at the version the source runs');
  await cloneTags.selectOption('v2');
  await screenshots(dev, 'deployment-clone');
  await clone.getByRole('button', { name: 'Clone', exact: true }).click();
  await dev.waitForURL((url) => /\/deployments\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(deploymentId));
  const cloneId = dev.url().split('/').pop()!;
  await dev.locator('h1', { hasText: 'checkout-2' }).waitFor();
  await dev.locator('h1 .badge', { hasText: 'running' }).waitFor({ timeout: 120_000 });
  t.same((await stack.api('GET', `/deployments/${cloneId}`, undefined, stack.admin)).body.versions, { [web]: 'v2' }, 'the clone runs the tag chosen in the dialog');
  const cloneHref = (await dev.getByTestId('url-web').getAttribute('href'))!;
  t.not(cloneHref, href, 'the clone has its own URL');
  const cloneSite = await dev.context().newPage();
  await waitFor(async () => !!(await cloneSite.goto(cloneHref))?.ok() && /studio page v2/.test(await cloneSite.content()), 'the clone URL answers', 30_000, 500);
  t.match(await cloneSite.content(), /studio page v2/, "the clone's URL opens the other version");
  await cloneSite.close();
});

t.test('an admin cancels a deployment while it deploys', async (t) => {
  const project = (await stack.api('POST', '/projects', { name: `slow-${suffix}`, resources: { cpu: 0.25, memoryMb: 64 } }, stack.admin)).body;
  await savePipeline(stack, project.id, {
    steps: [
      { id: 'web', kind: 'service', service: web },
      { id: 'warm-up', kind: 'job', service: web, command: ['sh', '-c', 'echo warming the caches; sleep 600'] },
    ],
    edges: [{ from: 'web', to: 'warm-up' }],
  });
  const created = await stack.api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'slow-1', versions: { [web]: 'v1' } }, stack.admin);
  t.equal(created.status, 201);
  await admin.goto(`/deployments/${created.body.id}`);
  await admin.locator('[data-step="warm-up"][data-state="running"]').waitFor({ timeout: 120_000 });
  t.match(await admin.locator('h1 .badge').innerText(), /deploying/, 'the page shows it deploying');
  t.equal(await admin.getByRole('button', { name: 'Delete', exact: true }).count(), 0, 'a deploying deployment offers Cancel, not Delete');
  await admin.getByRole('button', { name: 'Cancel', exact: true }).click();
  const confirm = admin.getByRole('dialog', { name: 'Cancel this deployment?' });
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Cancel deployment' }).click();
  await admin.locator('h1 .badge', { hasText: /cancelling|deleted/ }).waitFor();
  t.equal(await admin.getByTestId('deployment-actions').count(), 0, 'no more actions once it is being cancelled');
  await waitForStatus(stack, created.body.id, 'deleted', 90_000);
  await admin.locator('h1 .badge', { hasText: 'deleted' }).waitFor({ timeout: 30_000 });
  t.match(await admin.getByTestId('deployment-ended').innerText(), /cancelled/i, 'the page says it was cancelled');
  await admin.locator('[data-step="warm-up"][data-state="rolled back"]').waitFor();
  t.equal(await admin.locator('[data-step="web"]').getAttribute('data-state'), 'done', 'the graph keeps what ran and marks the stopped step rolled back');
  await screenshots(admin, 'deployment-cancelled');
  const containers = await stack.api('GET', `/deployments/${created.body.id}`, undefined, stack.admin);
  t.same(containers.body.services.map((s: { status: string }) => s.status), containers.body.services.map(() => 'removed'), 'its containers are gone');
});

t.test('the log viewer reads a job that printed 100,000 lines and stays responsive', async (t) => {
  const project = (await stack.api('POST', '/projects', { name: `chatty-${suffix}`, resources: { cpu: 0.25, memoryMb: 64 } }, stack.admin)).body;
  await savePipeline(stack, project.id, {
    steps: [
      { id: 'web', kind: 'service', service: web },
      { id: 'print', kind: 'job', service: web, command: ['awk', 'BEGIN { for (i = 1; i <= 100000; i++) printf "\\033[33mline %d\\033[0m of the job log\\n", i }'] },
    ],
    edges: [{ from: 'web', to: 'print' }],
  });
  const created = await stack.api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'chatty-1', versions: { [web]: 'v1' } }, stack.admin);
  t.equal(created.status, 201);
  await waitForStatus(stack, created.body.id, 'running', 120_000);
  await admin.goto(`/deployments/${created.body.id}`);
  await admin.locator('#log-step').selectOption('print');
  const viewport = admin.getByRole('log', { name: 'Logs of print' });
  await viewport
    .locator('.log-line', { hasText: /^\s*100000\s*line 100000 of the job log$/ })
    .waitFor({ timeout: 180_000 })
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe viewer says: ${await admin.getByTestId('log-count').innerText()}`);
    });
  t.pass('with Follow on, the viewer shows the last of the 100,000 lines');
  t.match(await admin.getByTestId('log-count').innerText(), /^100,000 lines/, 'every line was read');
  const drawn = await viewport.locator('.log-line').count();
  t.ok(drawn > 10 && drawn < 200, `only the lines in view are in the page (${drawn} of 100,000)`);
  t.equal(await viewport.locator('.log-line .fg-yellow').first().innerText().then((text) => /^line \d+$/.test(text)), true, 'colour codes are drawn as colours');

  await viewport.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  const middle = viewport.locator('.log-line', { hasText: /^\s*50000\s*line 50000 of the job log$/ });
  await middle.waitFor();
  t.ok(await middle.isVisible(), 'scrolled to the middle, the viewer shows line 50,000 where it belongs');
  t.notOk(await admin.getByRole('checkbox', { name: 'Follow' }).isChecked(), 'scrolling up pauses Follow');
  await admin.getByRole('checkbox', { name: 'Follow' }).check();
  await viewport.locator('.log-line', { hasText: 'line 100000 of the job log' }).waitFor();
  t.pass('a click on Follow is handled at once: the viewer jumps back to the last line');

  await admin.locator('#log-search').fill('line 7 of');
  const found = viewport.locator('.log-line', { hasText: 'line 7 of the job log' });
  await found.waitFor();
  t.match(await admin.getByTestId('log-count').innerText(), /^1 of 100,000 lines/, 'search runs over all 100,000 lines and finds the one near the start');
  t.match(await found.innerText(), /^\s*7\s*line 7 of the job log\s*$/, 'the match keeps its line number');
  await admin.locator('#log-search').fill('');
  await admin.getByRole('tab', { name: 'CPU & memory' }).click();
  await admin.getByRole('tab', { name: 'CPU & memory', selected: true }).waitFor();
  await admin.getByRole('tab', { name: 'Logs' }).click();
  await admin.getByRole('log', { name: 'Logs of web' }).waitFor();
  t.pass('the tabs answer with 100,000 lines loaded');
  await admin.locator('#log-step').selectOption('print');
  await viewport.locator('.log-line', { hasText: 'line 100000 of the job log' }).waitFor({ timeout: 120_000 });
  await screenshots(admin, 'deployment-logs-100k');
});

t.test('a read-only user sees the deployment and its logs without the actions', async (t) => {
  const viewer = await (await newContext(browser, stack.base)).newPage();
  await viewer.goto(`/deployments/${deploymentId}`);
  await viewer.waitForURL(/\/sign-in\?next=/);
  await fillSignInForm(viewer, VIEWER);
  await viewer.waitForURL(new RegExp(`/deployments/${deploymentId}$`));
  t.pass('after signing in the user is back on the page they asked for');
  await viewer.getByText('Read-only access').waitFor();
  t.equal(await viewer.getByTestId('deployment-actions').count(), 0, 'no extend, clone or delete for read access');
  for (const action of ['Extend', 'Clone…', 'Delete', 'Retry']) t.equal(await viewer.getByRole('button', { name: action, exact: true }).count(), 0, `no ${action} button`);
  await viewer.locator('#log-step').selectOption('seed');
  await viewer.locator('#log-search').fill('seeded');
  await viewer.locator('.log-line', { hasText: 'seeded the store' }).waitFor();
  t.pass('the read-only user reads the logs');
  await screenshots(viewer, 'deployment-read-only');
  await viewer.context().close();
});

t.test('a failed deployment shows its error and a Retry button', async (t) => {
  const projects = (await stack.api('GET', '/projects', undefined, stack.admin)).body.items as { id: string; name: string }[];
  const created = await stack.api('POST', '/deployments', { projectId: projects.find((p) => p.name === broken)!.id, environmentId: stack.environment.id, name: 'broken-1', versions: { [web]: 'v2' } }, stack.admin);
  t.equal(created.status, 201);
  await waitForStatus(stack, created.body.id, 'failed', 120_000);
  await dev.goto(`/deployments/${created.body.id}`);
  const error = dev.getByTestId('deployment-error');
  await error.waitFor();
  t.match(await error.innerText(), /failed at step migrate/, 'the error names the failing step');
  t.ok(await dev.getByRole('button', { name: 'Retry' }).isVisible(), 'Retry is offered');
  t.equal(await dev.locator('[data-step="migrate"]').getAttribute('data-state'), 'failed', 'the graph marks the failing step');
  t.equal(await dev.locator('#log-step').inputValue(), 'migrate', 'the log viewer opens on the failing step');
  await dev.locator('.log-line', { hasText: 'cannot reach the database' }).waitFor();
  await checkAccessibility(t, dev, 'deployment-failed');
  await dev.goto('/');
  await dev.locator('[data-deployment="broken-1"]').waitFor();
  await checkAccessibility(t, dev, 'deployments-busy');
});

t.test('the developer deletes the deployment after confirming', async (t) => {
  await dev.goto(`/deployments/${deploymentId}`);
  await dev.locator('h1 .badge', { hasText: 'running' }).waitFor();
  await dev.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = dev.getByRole('dialog');
  await dialog.waitFor();
  await screenshots(dev, 'deployment-delete-confirm');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await waitForStatus(stack, deploymentId, 'deleted', 90_000);
  await dev.locator('h1 .badge', { hasText: 'deleted' }).waitFor({ timeout: 30_000 });
  t.pass('the page shows the deployment deleted');
});

t.test('an expired session sends the user to sign-in and back to where they were', async (t) => {
  await dev.goto('/');
  await dev.locator('[data-deployment="broken-1"]').waitFor();
  await dev.context().clearCookies();
  await dev.getByRole('link', { name: 'New deployment', exact: true }).first().click();
  await dev.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/deployments/new');
  t.match(await dev.locator('.notice').innerText(), /session ended/, 'the sign-in page says why');
  await fillSignInForm(dev, DEV);
  await dev.waitForURL(/\/deployments\/new$/);
  t.pass('signed in again, the user is back on the page they were opening');
});
