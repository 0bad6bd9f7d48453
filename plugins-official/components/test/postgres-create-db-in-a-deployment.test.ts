// The whole way, as a user gets it: a real control plane, agent and ingress (core's test stack), the
// official postgres-create-db and sql-exec installed into the catalog from a registry, a pipeline
// db → database → schema → job → web. The URL postgres-create-db returns works from a job and from a
// service of the same deployment; deleting the deployment calls its rollback.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { ANONYMOUS_REGISTRY, POSTGRES_IMAGE } from '@nullops/core/testing';
import { savePipeline, startStack, viaIngress, waitFor, waitForStatus } from '@nullops/core/testing/orchestration';
import { officialPlugin } from '../src/official-plugins.js';
import { pushProbeImage, pushToRegistry } from './support/registry-images.js';
import { testImage } from './support/run-plugin.js';

const stack = await startStack();
t.teardown(() => stack.close());
const { api, admin } = stack;
const suffix = randomBytes(3).toString('hex');

const [probe, ...plugins] = await Promise.all([
  pushProbeImage(),
  ...['postgres-create-db', 'sql-exec'].map(async (id) => {
    const local = await testImage(id);
    return { id, reference: pushToRegistry(local, `${id}:${local.split(':').pop()}`) };
  }),
]);
const postgres = pushToRegistry(POSTGRES_IMAGE, 'postgres:17');
const registry = (await api('POST', '/registries', { name: `components-${suffix}`, url: `http://${ANONYMOUS_REGISTRY}` }, admin)).body;
const repositoryAndTag = (reference: string) => {
  const path = reference.slice(ANONYMOUS_REGISTRY.length + 1);
  const colon = path.lastIndexOf(':');
  return { image: path.slice(0, colon), tag: path.slice(colon + 1) };
};

t.test('the official plugins install into the catalog', async (t) => {
  for (const plugin of plugins) {
    const manifest = { ...officialPlugin(plugin.id).manifest, image: plugin.reference };
    const installed = await api('POST', '/plugins', { manifest, registryId: registry.id }, admin);
    t.equal(installed.status, 201, `${plugin.id}: ${JSON.stringify(installed.body)}`);
  }
});

t.test("postgres-create-db's URL works from a job and a service; delete rolls it back", async (t) => {
  const services = [
    { name: `pg-${suffix}`, ...repositoryAndTag(postgres), ports: [{ name: 'postgres', port: 5432, ingress: false }], healthcheck: { type: 'tcp', port: 'postgres', intervalSeconds: 1, timeoutSeconds: 2, retries: 90 } },
    { name: `probe-${suffix}`, ...repositoryAndTag(probe), ports: [{ name: 'http', port: 8080, ingress: true }], healthcheck: { type: 'http', port: 'http', path: '/healthz', intervalSeconds: 1, timeoutSeconds: 2, retries: 60 } },
  ];
  for (const service of services) {
    const created = await api('POST', '/services', { name: service.name, registryId: registry.id, image: service.image, tagMode: 'pinned', tag: service.tag, ports: service.ports, healthcheck: service.healthcheck }, admin);
    t.equal(created.status, 201, JSON.stringify(created.body));
  }
  const project = (await api('POST', '/projects', { name: `notes-${suffix}`, resources: { cpu: 1.5, memoryMb: 1024 } }, admin)).body;
  t.equal((await api('PUT', `/projects/${project.id}/secrets/PG_ADMIN_PASSWORD`, { value: randomBytes(12).toString('hex') }, admin)).status < 300, true, 'the admin password is a project secret');
  const url = '${{ steps.database.outputs.url }}';
  await savePipeline(stack, project.id, {
    steps: [
      { id: 'db', kind: 'service', service: `pg-${suffix}`, env: { POSTGRES_PASSWORD: '${{ secrets.PG_ADMIN_PASSWORD }}' } },
      { id: 'database', kind: 'component', plugin: 'nullops/postgres-create-db@^1', params: { service: 'db', adminPassword: '${{ secrets.PG_ADMIN_PASSWORD }}', database: 'notes' } },
      { id: 'schema', kind: 'component', plugin: 'nullops/sql-exec@^1', params: { url, sql: "CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL);\nINSERT INTO notes (note) VALUES ('from sql-exec');" } },
      { id: 'job', kind: 'job', service: `probe-${suffix}`, command: ['job'], env: { DATABASE_URL: url } },
      { id: 'web', kind: 'service', service: `probe-${suffix}`, command: ['serve'], env: { DATABASE_URL: url } },
    ],
    edges: [
      { from: 'db', to: 'database' },
      { from: 'database', to: 'schema' },
      { from: 'schema', to: 'job' },
      { from: 'job', to: 'web' },
    ],
  });
  const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'notes-1' }, admin);
  t.equal(created.status, 201, JSON.stringify(created.body));
  await waitForStatus(stack, created.body.id, 'running', 180_000).catch(async (error: Error) => {
    const logs = await Promise.all(['database', 'schema', 'job'].map(async (step) => `${step}: ${JSON.stringify((await api('GET', `/deployments/${created.body.id}/logs?step=${step}`, undefined, admin)).body.items?.map((l: { line: string }) => l.line))}`));
    throw new Error(`${error.message}\n${logs.join('\n')}`);
  });

  const host = `web.notes-1.${stack.environment.name}.test`;
  let page = { status: 0, body: '' };
  await waitFor(async () => (page = await viaIngress(stack.ingressPort, host)).status === 200, `${host} answers through the ingress`, 30_000);
  t.same(JSON.parse(page.body), ['from sql-exec', 'from the job', 'from the service'], 'sql-exec, the job and the service all wrote through the URL the plugin returned');

  const logs = await api('GET', `/deployments/${created.body.id}/logs?step=database`, undefined, admin);
  const text = logs.body.items.map((l: { line: string }) => l.line).join('\n');
  t.match(text, 'database "notes" created, owned by "notes"', "the plugin's log is the step's log");

  await api('DELETE', `/deployments/${created.body.id}`, undefined, admin);
  await waitForStatus(stack, created.body.id, 'deleted', 90_000);
  const after = await api('GET', `/deployments/${created.body.id}/logs?step=database`, undefined, admin);
  t.ok(after.body.items.some((l: { line: string }) => /dropped database "notes" and role "notes"/.test(l.line)), `deleting the deployment ran the rollback (${JSON.stringify(after.body.items.map((l: { line: string }) => l.line))})`);
});
