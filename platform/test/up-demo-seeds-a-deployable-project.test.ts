// `nullops up --demo` seeds a project a newcomer deploys in the first minute: it is there with a valid
// pipeline version 1, a deployment of it in environment `local` runs, its web page answers through the
// ingress showing the table the job created, delete leaves no container; a second run duplicates nothing.
// The demo's Docker Hub image (postgres:17-alpine, with psql) is stood in for by the local one, pushed to
// the anonymous local registry.
import t from 'tap';
import Docker from 'dockerode';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANONYMOUS_REGISTRY, eventually, GiveUp, NODE_IMAGE, POSTGRES_IMAGE } from '@nullops/core/testing';
import { runUp, signInAsAdmin, type RunningUp } from './support/nullops-up.js';

const docker = new Docker();
const PREFIX = 'nullops-demo-test/';

async function push(local: string, repository: string, tag: string): Promise<void> {
  const reference = `${ANONYMOUS_REGISTRY}/${repository}:${tag}`;
  await docker.getImage(local).tag({ repo: `${ANONYMOUS_REGISTRY}/${repository}`, tag });
  const stream = await docker.getImage(reference).push({ authconfig: { serveraddress: ANONYMOUS_REGISTRY } });
  const output = await new Promise<{ error?: string }[]>((resolve, reject) => docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))));
  const failed = output.find((line) => line.error);
  if (failed) throw new Error(`push of ${reference} failed: ${failed.error}`);
  // Removed again, so the agent really pulls it from the registry, as it would from Docker Hub.
  await docker.getImage(reference).remove();
}

/**
 * The local PostgreSQL image as an image id, checked to have psql (the demo's scripts need it). Every clone
 * on this machine shares the tag, and a clone with older image scripts rebuilds it without psql: up.sh is
 * run again until the id it leaves has psql, and the id is pushed, whatever the tag points at later.
 */
async function localPostgresWithPsql(): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const id = (await docker.getImage(POSTGRES_IMAGE).inspect()).Id;
    const probe = spawnSync('docker', ['run', '--rm', '--entrypoint', 'psql', id, '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return id;
    if (attempt === 3) throw new Error(`${POSTGRES_IMAGE} has no psql after ${attempt} runs of scripts/test-infra/up.sh: ${probe.stderr}`);
    spawnSync('bash', [fileURLToPath(new URL('../../../scripts/test-infra/up.sh', import.meta.url))], { stdio: 'ignore' });
  }
}

/** Waits for `probe` (see `eventually`); the deadline in seconds. */
function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>, explain: () => Promise<string> | string = () => ''): Promise<T> {
  return eventually(what, probe, { timeoutMs: seconds * 1000, everyMs: 250, explain });
}

async function up(dataDir: string): Promise<RunningUp & { ingressPort: number }> {
  const running = await runUp(dataDir, {
    args: ['--demo'],
    // Without the CPU-pressure check, like the other full-stack tests (test/support/stack.ts): the suites that
    // run beside this one keep the CPU busy, and a refusal for pressure is not what this test is about.
    env: { NULLOPS_PLACEMENT_DRIVERS: 'placement-capacity,placement-labels', NULLOPS_DEMO_REGISTRY: ANONYMOUS_REGISTRY, NULLOPS_DEMO_IMAGE_PREFIX: PREFIX, NULLOPS_LOCAL_AGENT: '', NULLOPS_PLUGIN_BASE_IMAGE: NODE_IMAGE },
    // The first run builds the official plugins' images before it seeds the demo, which uses two of them.
    ready: { what: 'nullops up --demo to print "Press Ctrl-C"', seconds: 400, done: (output) => output.includes('Press Ctrl-C to stop.') },
  });
  const ingressPort = Number(/builtin proxy on \S+:(\d+)\)/.exec(running.output())?.[1]);
  if (!ingressPort) {
    await running.stop();
    throw new Error(`no ingress address in the output:\n${running.output()}`);
  }
  return { ...running, ingressPort };
}

function throughIngress(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 10_000 }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('the ingress did not answer in 10 s')));
    req.end();
  });
}

t.test('up --demo seeds a project that deploys, answers through the ingress, and deletes cleanly; twice seeds once', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nullops-demo-'));
  chmodSync(dataDir, 0o755);
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  await push(await localPostgresWithPsql(), `${PREFIX}postgres`, '17-alpine');

  const first = await up(dataDir);
  t.teardown(() => first.stop());
  t.match(first.output(), /Demo\s+project "demo" seeded/, 'it says it seeded the demo');
  t.match(first.output(), new RegExp(`http://web\\.try-1\\.local\\.localhost:${first.ingressPort}/`), 'and prints the URL the deployment will have');
  t.match(first.output(), /curl .*\/api\/v1\/deployments/, 'and the command that creates the deployment');

  const api = await signInAsAdmin(first.base, readFileSync(join(dataDir, 'admin.password'), 'utf8').trim());
  const project = (await api('GET', '/projects')).body.items.find((p: { name: string }) => p.name === 'demo');
  t.ok(project, 'project "demo" exists');
  const pipeline = await api('GET', `/projects/${project.id}/pipeline`);
  t.equal(pipeline.body.version, 1, 'with pipeline version 1');
  t.same(pipeline.body.definition.steps.map((s: { id: string; kind: string }) => `${s.kind}:${s.id}`), ['service:db', 'component:database', 'component:schema', 'job:seed', 'service:web'], 'db, postgres-create-db, sql-exec, a job, web');
  t.same((await api('POST', `/projects/${project.id}/pipeline/validate`, { definition: pipeline.body.definition })).body, { valid: true, errors: [] }, 'which the validator accepts');
  t.same((await api('GET', `/projects/${project.id}/secrets`)).body.items.map((s: { name: string }) => s.name), ['DB_PASSWORD'], 'the database password is a project secret');

  const environment = (await api('GET', '/environments')).body.items.find((e: { name: string }) => e.name === 'local');
  t.ok(environment, 'environment "local" exists');
  await until('node "local" to be online', 60, async () => {
    const nodes = (await api('GET', `/environments/${environment.id}/nodes`)).body.items as { name: string; status: string }[];
    return nodes.find((n) => n.name === 'local' && n.status === 'online');
  });

  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: environment.id, name: 'demo-1' });
  t.equal(created.status, 201, created.status === 201 ? "POST /deployments answers 201" : `POST /deployments: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const containers = () => docker.listContainers({ all: true, filters: { label: [`dev.nullops.deployment=${id}`] } });
  t.teardown(async () => {
    for (const c of await containers()) await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
  });
  const explain = async () => `events: ${JSON.stringify((await api('GET', `/deployments/${id}/events`)).body?.items)}\noutput:\n${first.output()}`;
  const running = await until(
    'the deployment to be running',
    240,
    async () => {
      const deployment = (await api('GET', `/deployments/${id}`)).body;
      if (deployment.status === 'failed') throw new GiveUp(`the deployment failed: ${JSON.stringify(deployment.error)}; ${await explain()}`);
      return deployment.status === 'running' ? deployment : undefined;
    },
    explain,
  );
  const web = running.services.find((s: { id: string }) => s.id === 'web');
  t.equal(web?.url, `http://web.demo-1.local.localhost:${first.ingressPort}/`, 'the web service has its ingress URL');

  const page = await until('the web page through the ingress', 30, async () => {
    const answer = await throughIngress(first.ingressPort, `web.demo-1.local.localhost:${first.ingressPort}`).catch(() => undefined);
    return answer?.status === 200 ? answer : undefined;
  }, explain);
  t.match(page.body, /created by the sql-exec step/, 'the page reads the row sql-exec wrote into the table it created');
  t.match(page.body, /added by the seed job/, "and the row a job added through the URL postgres-create-db returned");
  t.match(page.body, /DATABASE_URL=<code>postgres:\/\/demo:\*\*\*@db:5432\/demo<\/code>/, 'and says which database it was given, password hidden');

  const stepLog = async (step: string) => (await api('GET', `/deployments/${id}/logs?step=${step}`)).body.items.map((i: { line: string }) => i.line).join('\n');
  t.match(await stepLog('database'), /database "demo" created, owned by "demo"/, 'postgres-create-db says it created the database');
  t.match(await stepLog('schema'), /committed 2 statement\(s\)/, 'sql-exec says it committed the table and its row');

  t.equal((await api('DELETE', `/deployments/${id}`)).status, 202, 'DELETE answers 202');
  await until('the deployment to be deleted', 120, async () => ((await api('GET', `/deployments/${id}`)).body.status === 'deleted' ? true : undefined), explain);
  t.same(await containers(), [], 'no container of the deployment is left');
  t.match(await stepLog('database'), /dropped database "demo" and role "demo"/, "deleting it ran postgres-create-db's rollback");

  t.equal(await first.stop(), 0, 'Ctrl-C ends the first run with exit code 0');

  const second = await up(dataDir);
  t.teardown(() => second.stop());
  t.match(second.output(), /Demo\s+project "demo" already seeded/, 'the second run finds the demo seeded');
  t.notMatch(second.output(), /official plugins: building/, 'and builds no plugin image again');
  const again = await signInAsAdmin(second.base, readFileSync(join(dataDir, 'admin.password'), 'utf8').trim());
  t.equal((await again('GET', '/projects')).body.items.filter((p: { name: string }) => p.name === 'demo').length, 1, 'one project "demo"');
  t.same(
    (await again('GET', '/services')).body.items.map((s: { name: string }) => s.name).filter((n: string) => n.startsWith('demo-')).sort(),
    ['demo-postgres', 'demo-web'],
    'the two demo services, once each',
  );
  t.equal((await again('GET', `/projects/${project.id}/pipeline/versions`)).body.total, 1, 'still one pipeline version');
  t.equal((await again('GET', `/projects/${project.id}/secrets`)).body.total, 1, 'still one secret');
  t.equal((await again('GET', '/registries')).body.items.filter((r: { url: string }) => r.url === `http://${ANONYMOUS_REGISTRY}`).length, 1, 'the demo registry once');
  t.equal(await second.stop(), 0, 'Ctrl-C ends the second run with exit code 0');
});
