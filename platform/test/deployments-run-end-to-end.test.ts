// End to end through the HTTP API only, with the real control plane, PostgreSQL, agent, Docker engine,
// registry and builtin ingress: a full-access user deploys a multi-service project and opens it by URL;
// a read-only user sees it, its logs, events and metrics but may not delete it; a clone runs the latest
// pipeline with another tag; what does not fit is refused and leaves nothing; delete during deploy
// cancels; a failed deployment keeps its error and logs and runs again once the cause is fixed.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { ANONYMOUS_REGISTRY } from '@nullops/core/testing';
import { docker, labelledObjects, pipelineOf, pushBusyboxImage, pushPageImage, savePipeline, seedWebProject, startStack, viaIngress, waitFor, waitForStatus } from './support/stack.js';

const stack = await startStack();
t.teardown(() => stack.close());
const { api, admin } = stack;

const repository = `e2e-${randomBytes(4).toString('hex')}/page`;
await pushPageImage(repository, 'v1', 'page of v1');
await pushPageImage(repository, 'v2', 'page of v2');
// Each deployment reserves 0.8 of the node's 2 CPUs: two fit, a third does not.
const { project } = await seedWebProject(stack, { cpu: 0.8, repository });
const suffix = project.name.replace('shop-', '');

async function user(name: string): Promise<{ cookie: string; id: string }> {
  const password = `${name}-password-123`;
  const created = await api('POST', '/users', { username: name, password, role: 'user' }, admin);
  const login = await fetch(`${stack.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password }) });
  return { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], id: created.body.id };
}
const dev = await user(`dev-${suffix}`);
const qa = await user(`qa-${suffix}`);
const devs = (await api('POST', '/teams', { name: `devs-${suffix}` }, admin)).body;
const testers = (await api('POST', '/teams', { name: `qa-${suffix}` }, admin)).body;
await api('POST', `/teams/${devs.id}/members`, { userId: dev.id }, admin);
await api('POST', `/teams/${testers.id}/members`, { userId: qa.id }, admin);
await api('PUT', `/projects/${project.id}/grants/${devs.id}`, { access: 'full' }, admin);
await api('PUT', `/environments/${stack.environment.id}/grants/${testers.id}`, { access: 'read' }, admin);

/** Reads a server-sent-event stream until `until` matches an event's data; resolves with that data. */
async function readEvents(path: string, cookie: string, until: (type: string, data: any) => boolean, timeoutMs = 90_000): Promise<{ type: string; data: any }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(`${stack.base}/api/v1${path}`, { headers: { cookie }, signal: abort.signal });
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type && data && until(type, JSON.parse(data))) return { type, data: JSON.parse(data) };
      }
    }
    throw new Error(`${path} ended before the awaited event`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

const hostOf = (step: string, deployment: string) => `${step}.${deployment}.${stack.environment.name}.test`;
let first: any;

t.test('a full-access user creates a deployment and opens it by its URL', async (t) => {
  const dry = await api('POST', `/projects/${project.id}/pipeline/dry-run`, { environmentId: stack.environment.id, versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.match(dry.body, { valid: true, placement: { node: { id: stack.node.id, name: 'node-1' } } }, 'a dry-run says where it would go');
  t.equal((await api('GET', `/deployments?projectId=${project.id}`, undefined, admin)).body.total, 0, 'and created nothing');
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-1', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  t.equal(created.body.status, 'pending', 'answers at once, pending');
  t.equal(created.body.access, 'full');
  first = await waitForStatus(stack, created.body.id, 'running');
  t.same(first.services.map((s: any) => [s.id, s.health]), [['api', 'healthy'], ['web', 'healthy']], 'both services are healthy');
  const web = first.services.find((s: any) => s.id === 'web');
  t.equal(web.url, `http://${hostOf('web', 'pr-1')}:${stack.ingressPort}/`, 'the URL is service.deployment.environment.domain');
  await waitFor(async () => (await viaIngress(stack.ingressPort, hostOf('web', 'pr-1'))).status === 200, 'the page answers through the ingress', 15_000);
  t.match((await viaIngress(stack.ingressPort, hostOf('web', 'pr-1'))).body, /page of v1/, 'and it is the chosen tag');
  const events = (await api('GET', `/deployments/${first.id}/events?limit=500`, undefined, dev)).body;
  t.ok(events.items.some((e: any) => e.stepId === 'seed' && e.phase === 'job' && e.status === 'succeeded'), 'the job step ran to completion');
  const running = await docker.listContainers({ filters: JSON.stringify({ label: [`dev.nullops.deployment=${first.id}`], status: ['running'] }) });
  t.same(running.map((c) => c.Labels['dev.nullops.step']).sort(), ['api', 'web'], 'two service containers run; the job is not running any more');
});

t.test('a read-only user sees the deployment, its logs, events and metrics, and may not delete it', async (t) => {
  const seen = await api('GET', `/deployments/${first.id}`, undefined, qa);
  t.equal(seen.status, 200);
  t.equal(seen.body.access, 'read', 'reads carry the effective access');
  const listed = await api('GET', `/deployments?environmentId=${stack.environment.id}`, undefined, qa);
  t.ok(listed.body.items.some((d: any) => d.id === first.id), 'it is in their list');
  const seedLog = await api('GET', `/deployments/${first.id}/logs?step=seed`, undefined, qa);
  t.equal(seedLog.status, 200);
  t.ok(seedLog.body.items.some((l: any) => /seeded/.test(l.line)), `the job's output is kept (${seedLog.body.source})`);
  const apiLog = await api('GET', `/deployments/${first.id}/logs?step=api&tail=50`, undefined, qa);
  t.equal(apiLog.status, 200, JSON.stringify(apiLog.body));
  t.equal(apiLog.body.source, 'live', 'a running service is read from its container');
  t.equal((await api('GET', `/deployments/${first.id}/events`, undefined, qa)).status, 200);
  const metrics = await api('GET', `/deployments/${first.id}/metrics`, undefined, qa);
  t.equal(metrics.status, 200);
  t.same(metrics.body.services.map((s: any) => s.stepId).sort(), ['api', 'web'], 'metrics per service');
  t.ok(metrics.body.services.every((s: any) => s.memoryMb > 0), 'with the memory they use');
  const refused = await api('DELETE', `/deployments/${first.id}`, undefined, qa);
  t.equal(refused.status, 403, 'delete is refused');
  t.equal((await api('GET', `/deployments/${first.id}`, undefined, admin)).body.status, 'running', 'and nothing happened');
  const outsider = await user(`outsider-${suffix}`);
  t.equal((await api('GET', `/deployments/${first.id}`, undefined, outsider)).status, 404, 'a user without any grant does not see it');
  t.same((await api('GET', '/deployments', undefined, outsider)).body, { items: [], total: 0 }, 'nor in their list');
  const devList = (await api('GET', `/deployments?status=running&limit=1`, undefined, dev)).body;
  t.equal(devList.items.length, 1, 'lists page');
  t.equal(devList.items[0].id, first.id, 'through what the project grant shows');
});

let clone: any;
t.test('a clone gets a new id and URLs, the latest pipeline version and the overridden tag', async (t) => {
  const latest = await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo seeding v2; echo seeded']));
  // The read-only user watches the live event stream while the developer clones.
  const watched = readEvents('/events', qa.cookie, (type, data) => type === 'deployment' && data.name === 'pr-2' && data.status === 'running');
  const answer = await api('POST', `/deployments/${first.id}/clone`, { name: 'pr-2', versions: { [`web-${suffix}`]: 'v2' } }, dev);
  t.equal(answer.status, 201, JSON.stringify(answer.body));
  t.not(answer.body.id, first.id, 'a new id');
  t.equal(answer.body.pipelineVersion, latest, 'the latest pipeline version');
  t.same(answer.body.versions, { [`web-${suffix}`]: 'v2' }, 'the tag overridden');
  clone = await waitForStatus(stack, answer.body.id, 'running');
  t.match((await watched).data, { id: answer.body.id, status: 'running', projectId: project.id }, 'the event stream told the read-only user it runs');
  t.equal(clone.services.find((s: any) => s.id === 'web').url, `http://${hostOf('web', 'pr-2')}:${stack.ingressPort}/`, 'its own URL');
  await waitFor(async () => /page of v2/.test((await viaIngress(stack.ingressPort, hostOf('web', 'pr-2'))).body), 'the clone answers with v2', 15_000);
  t.match((await viaIngress(stack.ingressPort, hostOf('web', 'pr-1'))).body, /page of v1/, 'the original still answers with v1');
});

t.test('a dry-run places nothing and says what was short, like the real thing', async (t) => {
  const dry = await api('POST', `/projects/${project.id}/pipeline/dry-run`, { environmentId: stack.environment.id, versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(dry.status, 200);
  t.equal(dry.body.valid, true);
  t.match(dry.body.placement, { shortfalls: [{ node: { name: 'node-1' }, shortfalls: [{ resource: 'cpu' }] }] }, 'two deployments hold the node: a third would not fit');
});

t.test('a deployment that does not fit is refused with what was short, and nothing is created', async (t) => {
  const before = await labelledObjects(stack.node.id);
  const listed = (await api('GET', `/deployments?projectId=${project.id}`, undefined, admin)).body.total;
  const refused = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-3', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(refused.status, 422);
  t.equal(refused.body.error.code, 'RESOURCES_EXHAUSTED');
  t.match(refused.body.error.details.nodes[0], { node: { name: 'node-1' }, shortfalls: [{ resource: 'cpu', needed: 0.8 }] }, 'the node and what it lacked');
  t.equal((await api('GET', `/deployments?projectId=${project.id}`, undefined, admin)).body.total, listed, 'no row');
  t.same(await labelledObjects(stack.node.id), before, 'no container, network or volume');
});

t.test('tags are checked: a selectable service needs one, within its pattern', async (t) => {
  const missing = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-4' }, dev);
  t.equal(missing.body.error?.code, 'VERSION_REQUIRED', JSON.stringify(missing.body));
  const outside = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-4', versions: { [`web-${suffix}`]: 'release-1' } }, dev);
  t.equal(outside.body.error?.code, 'TAG_NOT_ALLOWED');
  const pinned = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-4', versions: { [`web-${suffix}`]: 'v1', [`api-${suffix}`]: 'v2' } }, dev);
  t.equal(pinned.body.error?.code, 'TAG_NOT_ALLOWED', 'a pinned service refuses another tag');
  const taken = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-1', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(taken.body.error?.code, 'NAME_TAKEN');
});

t.test('deleting a running deployment removes its containers and keeps its record', async (t) => {
  const answer = await api('DELETE', `/deployments/${clone.id}`, undefined, dev);
  t.equal(answer.status, 202);
  t.equal(answer.body.status, 'deleting');
  const gone = await waitForStatus(stack, clone.id, 'deleted');
  t.equal(gone.deletedBy, `dev-${suffix}`);
  const listed = await api('GET', `/deployments/${clone.id}`, undefined, dev);
  t.ok(listed.body.services.length > 0, 'the deleted deployment still lists its services');
  t.ok(listed.body.services.every((s: any) => s.status === 'removed' && s.health === 'none'), `none of them shows running or healthy (${JSON.stringify(listed.body.services)})`);
  t.same(await labelledObjects(stack.node.id, clone.id), { containers: 0, networks: 0, volumes: 0 }, 'nothing of it is left');
  await waitFor(async () => (await viaIngress(stack.ingressPort, hostOf('web', 'pr-2'))).status === 404, 'its URL is gone from the ingress', 10_000);
  const kept = await api('GET', `/deployments/${clone.id}/logs?step=seed`, undefined, dev);
  t.equal(kept.body.source, 'archive', 'its log lines are kept');
  t.ok(kept.body.items.some((l: any) => /seeding v2/.test(l.line)), 'with the job output of that run');
  const followed = await readEvents(`/deployments/${clone.id}/logs?step=seed&follow=true`, qa.cookie, (type, data) => type === 'log' && /seeding v2/.test(data.line), 15_000);
  t.match(followed.data.line, /seeding v2/, 'following the logs streams them as server-sent events');
});

t.test('DELETE during deploying cancels: cancelling, then deleted, with no container left', async (t) => {
  // A job that takes a while keeps the deployment in `deploying` long enough to cancel it.
  await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo waiting; sleep 30']));
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-5', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  await waitForStatus(stack, created.body.id, 'deploying');
  await waitFor(async () => (await api('GET', `/deployments/${created.body.id}/events?limit=500`, undefined, dev)).body.items.some((e: any) => e.stepId === 'seed' && e.status === 'started'), 'the job runs', 60_000);
  const cancel = await api('DELETE', `/deployments/${created.body.id}`, undefined, dev);
  t.equal(cancel.status, 202);
  t.equal(cancel.body.status, 'cancelling');
  await waitForStatus(stack, created.body.id, 'deleted', 60_000);
  t.same(await labelledObjects(stack.node.id, created.body.id), { containers: 0, networks: 0, volumes: 0 }, 'no container, network or volume left');
});

t.test("a failing plugin fails the deployment, and its logs are readable after the rollback", async (t) => {
  const pluginRepository = `e2e-plugin-${suffix}/break`;
  await pushBusyboxImage(pluginRepository, '1.0.0', ['CMD ["sh", "-c", "cat > /dev/null; echo could not reach the orders database >&2; exit 4"]']);
  const registry = (await api('GET', '/registries', undefined, admin)).body.items.find((r: any) => r.name === `local-${suffix}`);
  const manifest = { apiVersion: 'nullops.dev/v1', name: `e2e/break-${suffix}`, version: '1.0.0', title: 'Breaks', description: 'Always fails', category: 'test', keywords: [], license: 'MIT', image: `${ANONYMOUS_REGISTRY}/${pluginRepository}:1.0.0`, input: { type: 'object' }, output: { type: 'object' }, actions: ['run'] };
  const installed = await api('POST', '/plugins', { manifest, registryId: registry.id }, admin);
  t.equal(installed.status, 201, JSON.stringify(installed.body));
  const definition = pipelineOf(suffix, ['sh', '-c', 'echo seeded']);
  definition.steps.push({ id: 'prepare', kind: 'component', plugin: `e2e/break-${suffix}@^1`, params: {} } as never);
  definition.edges.push({ from: 'api', to: 'prepare' });
  await savePipeline(stack, project.id, definition);
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-7', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  const failed = await waitForStatus(stack, created.body.id, 'failed');
  t.equal(failed.error.stepId, 'prepare', 'the error names the plugin step');
  await waitFor(async () => (await labelledObjects(stack.node.id, created.body.id)).containers === 0, 'the rollback removed its containers', 30_000);
  const log = await api('GET', `/deployments/${created.body.id}/logs?step=prepare`, undefined, qa);
  t.equal(log.body.source, 'archive');
  t.ok(log.body.items.some((l: any) => /could not reach the orders database/.test(l.line)), "the plugin's stderr is readable by every viewer after the rollback");
  await api('DELETE', `/deployments/${created.body.id}`, undefined, dev);
  await waitForStatus(stack, created.body.id, 'deleted');
});

t.test("deleting a deployment calls its plugins' rollback with their outputs", async (t) => {
  const pluginRepository = `e2e-plugin-${suffix}/account`;
  const script = 'input=$(cat); case "$input" in *\\"action\\":\\"rollback\\"*) echo "removing account $(echo "$input" | grep -o qa-account-[0-9]*) for $SHOP" >&2; echo "{\\"outputs\\":{}}";; *) echo "created account" >&2; echo "{\\"outputs\\":{\\"account\\":\\"qa-account-7\\"}}";; esac';
  await pushBusyboxImage(pluginRepository, '1.0.0', ['ENV SHOP=shop', `CMD ["sh", "-c", ${JSON.stringify(script)}]`]);
  const registry = (await api('GET', '/registries', undefined, admin)).body.items.find((r: any) => r.name === `local-${suffix}`);
  const manifest = { apiVersion: 'nullops.dev/v1', name: `e2e/account-${suffix}`, version: '1.0.0', title: 'Account', description: 'Creates an account and removes it again', category: 'test', keywords: [], license: 'MIT', image: `${ANONYMOUS_REGISTRY}/${pluginRepository}:1.0.0`, input: { type: 'object' }, output: { type: 'object', properties: { account: { type: 'string' } } }, actions: ['run', 'rollback'] };
  t.equal((await api('POST', '/plugins', { manifest, registryId: registry.id }, admin)).status, 201);
  const definition = pipelineOf(suffix, ['sh', '-c', 'echo seeded']);
  definition.steps.push({ id: 'account', kind: 'component', plugin: `e2e/account-${suffix}@^1`, params: {} } as never);
  definition.edges.push({ from: 'api', to: 'account' });
  await savePipeline(stack, project.id, definition);
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-8', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  await waitForStatus(stack, created.body.id, 'running');
  await api('DELETE', `/deployments/${created.body.id}`, undefined, dev);
  await waitForStatus(stack, created.body.id, 'deleted');
  const log = await api('GET', `/deployments/${created.body.id}/logs?step=account`, undefined, dev);
  t.ok(log.body.items.some((l: any) => /removing account qa-account-7/.test(l.line)), `the rollback ran with the output of the run (${JSON.stringify(log.body.items)})`);
});

t.test("a plugin's outputs reach a job's env and a service's env and command; a left-out param reaches the plugin as its default", async (t) => {
  const pluginRepository = `e2e-plugin-${suffix}/tenant`;
  // Creates a tenant named by its param and returns it, with a connection URL holding a password (writeOnly).
  const script = 'name=$(sed -n "s/.*\\"tenant\\":\\"\\([^\\"]*\\)\\".*/\\1/p"); echo "creating tenant $name" >&2; echo "{\\"outputs\\":{\\"tenant\\":\\"$name\\",\\"url\\":\\"postgres://app:pw-$name-8731@db/$name\\"}}"';
  await pushBusyboxImage(pluginRepository, '1.0.0', [`CMD ["sh", "-c", ${JSON.stringify(script)}]`]);
  const registry = (await api('GET', '/registries', undefined, admin)).body.items.find((r: any) => r.name === `local-${suffix}`);
  const manifest = {
    apiVersion: 'nullops.dev/v1', name: `e2e/tenant-${suffix}`, version: '1.0.0', title: 'Tenant', description: 'Creates a tenant', category: 'test', keywords: [], license: 'MIT',
    image: `${ANONYMOUS_REGISTRY}/${pluginRepository}:1.0.0`,
    input: { type: 'object', properties: { tenant: { type: 'string', default: 'acme' } }, required: ['tenant'] },
    output: { type: 'object', properties: { tenant: { type: 'string' }, url: { type: 'string', writeOnly: true } } },
    actions: ['run'],
  };
  t.equal((await api('POST', '/plugins', { manifest, registryId: registry.id }, admin)).status, 201);
  const definition = {
    steps: [
      { id: 'tenant', kind: 'component', plugin: `e2e/tenant-${suffix}@^1`, params: {} },
      { id: 'seed', kind: 'job', service: `api-${suffix}`, env: { TENANT: '${{ steps.tenant.outputs.tenant }}', DATABASE_URL: '${{ steps.tenant.outputs.url }}' }, command: ['sh', '-c', 'echo "seeding $TENANT"; echo "connecting to $DATABASE_URL"'] },
      {
        id: 'web',
        kind: 'service',
        service: `web-${suffix}`,
        env: { TENANT: '${{ steps.tenant.outputs.tenant }}' },
        command: ['sh', '-c', 'echo "$TENANT via env, ${{ steps.tenant.outputs.tenant }} via command" > /www/index.html && exec httpd -f -p 8080 -h /www'],
      },
    ],
    edges: [
      { from: 'tenant', to: 'seed' },
      { from: 'seed', to: 'web' },
    ],
  };
  await savePipeline(stack, project.id, definition);
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-9', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  const running = await waitForStatus(stack, created.body.id, 'running');
  t.same(running.error, undefined, 'it runs');
  const pluginLog = await api('GET', `/deployments/${created.body.id}/logs?step=tenant`, undefined, dev);
  t.ok(pluginLog.body.items.some((l: any) => l.line === 'creating tenant acme'), `the plugin got the schema's default for the param left out (${JSON.stringify(pluginLog.body.items)})`);
  const seedLog = await api('GET', `/deployments/${created.body.id}/logs?step=seed`, undefined, dev);
  const seedLines = seedLog.body.items.map((l: any) => l.line);
  t.ok(seedLines.includes('seeding acme'), `the job's env held the output (${JSON.stringify(seedLines)})`);
  t.ok(seedLines.includes('connecting to ***'), "the writeOnly output is masked in the job's log");
  await waitFor(async () => (await viaIngress(stack.ingressPort, hostOf('web', 'pr-9'))).status === 200, 'the page answers through the ingress', 15_000);
  t.equal((await viaIngress(stack.ingressPort, hostOf('web', 'pr-9'))).body.trim(), 'acme via env, acme via command', "the service's env and command held the output, inside its container");
  await api('DELETE', `/deployments/${created.body.id}`, undefined, dev);
  await waitForStatus(stack, created.body.id, 'deleted');
});

t.test('a failed deployment keeps its error and logs after rollback; retry runs it once the cause is fixed', async (t) => {
  await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo the schema migration broke >&2; exit 3']));
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'pr-6', versions: { [`web-${suffix}`]: 'v1' } }, dev);
  t.equal(created.status, 201, JSON.stringify(created.body));
  const failed = await waitForStatus(stack, created.body.id, 'failed');
  t.equal(failed.error.stepId, 'seed', 'the error names the step');
  t.match(failed.error.message, /3/, 'and says how it failed');
  for (const viewer of [dev, qa]) t.same((await api('GET', `/deployments/${created.body.id}`, undefined, viewer)).body.error, failed.error, 'every viewer sees the same error');
  await waitFor(async () => (await labelledObjects(stack.node.id, created.body.id)).containers === 0, 'the rollback removed its containers', 30_000);
  const log = await api('GET', `/deployments/${created.body.id}/logs?step=seed`, undefined, qa);
  t.ok(log.body.items.some((l: any) => /schema migration broke/.test(l.line)), "the failed job's output is still readable");

  const early = await api('POST', `/deployments/${first.id}/retry`, undefined, dev);
  t.equal(early.body.error?.code, 'INVALID_STATE', 'a running deployment cannot be retried');
  await api('DELETE', `/deployments/${first.id}`, undefined, dev);
  await waitForStatus(stack, first.id, 'deleted');
  await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo fixed; echo seeded']));
  const retried = await api('POST', `/deployments/${created.body.id}/retry`, undefined, dev);
  t.equal(retried.status, 202, JSON.stringify(retried.body));
  t.equal(retried.body.attempt, 2);
  const running = await waitForStatus(stack, created.body.id, 'running');
  t.equal(running.error, undefined, 'the error is cleared');
  t.equal(running.generation, created.body.generation + 1, 'a new generation');
});
