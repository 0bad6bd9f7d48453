// The catalog and pipeline API end to end on a real database and the local registry: secrets stored
// encrypted and never returned, plugins installed with their digest pinned (and refused with reasons),
// pipelines saved as immutable versions n+1 (or refused with every error), dry-runs with secrets
// redacted, and deletes of what is in use refused naming the users.
import t from 'tap';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/index.js';
import { createDbManifest } from './fixtures/pipeline-catalog.js';
import { ANONYMOUS_REGISTRY, pushTag, pushTags, uniqueRepository } from './fixtures/registry-images.js';

const PG_PASSWORD = 'pg-pass-4f9e1c-plaintext';
const API_KEY = 'api-key-77aa21-plaintext';

t.test('catalog, secrets and pipelines through the API', async (t) => {
  const pluginRepo = uniqueRepository('plugin-create-db');
  const webRepo = uniqueRepository('pipeline-web');
  const digest = await pushTag(ANONYMOUS_REGISTRY, pluginRepo, '1.0.0');
  await pushTag(ANONYMOUS_REGISTRY, pluginRepo, '1.2.0');
  await pushTags(ANONYMOUS_REGISTRY, webRepo, ['v1.4.0', '17']);

  const cp = await startTestControlPlane();
  t.teardown(cp.close);
  const admin = { cookie: await signIn(cp.app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const api = (method: string, path: string, body?: unknown, as: { cookie: string } = admin) => call(cp.app, as, method, `/api/v1${path}`, body);

  const registry = (await api('POST', '/registries', { name: 'local', url: `http://${ANONYMOUS_REGISTRY}` })).body;
  const project = (await api('POST', '/projects', { name: 'shop', resources: { cpu: 2, memoryMb: 2048 } })).body;
  const environment = (await api('POST', '/environments', { name: 'qa', baseDomain: 'example.com', ttlHours: 24, ingressPort: 7780 })).body;
  t.ok(registry.id && project.id && environment.id, 'registry, project and environment exist');
  const manifest = (version: string) => ({ ...createDbManifest(version), image: `${ANONYMOUS_REGISTRY}/${pluginRepo}:${version}` });

  await t.test('secrets: written encrypted, only names come back', async (t) => {
    t.equal((await api('PUT', `/projects/${project.id}/secrets/PG_PASSWORD`, { value: 'first' })).status, 201);
    const updated = await api('PUT', `/projects/${project.id}/secrets/PG_PASSWORD`, { value: PG_PASSWORD });
    t.equal(updated.status, 200, 'a second PUT replaces the value');
    t.equal((await api('PUT', `/projects/${project.id}/secrets/API_KEY`, { value: API_KEY })).status, 201);
    t.equal((await api('PUT', `/projects/${project.id}/secrets/TEMP`, { value: 'x' })).status, 201);
    t.equal((await api('DELETE', `/projects/${project.id}/secrets/TEMP`)).status, 204);
    t.equal((await api('DELETE', `/projects/${project.id}/secrets/TEMP`)).status, 404);
    t.match((await api('PUT', `/projects/${project.id}/secrets/1-bad-name`, { value: 'x' })).body, { error: { code: 'VALIDATION_FAILED' } });
    t.equal((await api('PUT', `/projects/00000000-0000-4000-8000-00000000dead/secrets/X`, { value: 'x' })).status, 404);
    const list = await api('GET', `/projects/${project.id}/secrets`);
    t.same(list.body.items.map((s: { name: string }) => s.name), ['API_KEY', 'PG_PASSWORD']);
    t.notMatch(list.raw, /plaintext|"value"/);
    t.same(await cp.app.decryptSecrets(project.id), { API_KEY, PG_PASSWORD }, 'decryptSecrets gives the values back for a plan');
  });

  await t.test('plugins: installed with the digest pinned, or refused with reasons', async (t) => {
    const installed = await api('POST', '/plugins', { manifest: manifest('1.0.0'), registryId: registry.id });
    t.equal(installed.status, 201, installed.raw);
    t.match(installed.body, { name: 'nullops/postgres-create-db', version: '1.0.0', digest, image: `${ANONYMOUS_REGISTRY}/${pluginRepo}@${digest}`, registry: { id: registry.id, name: 'local' }, installedBy: TEST_ADMIN.username });
    t.equal((await api('POST', '/plugins', { manifest: manifest('1.2.0') })).status, 201, 'the registry is found from the image host');
    t.match(await api('POST', '/plugins', { manifest: manifest('1.0.0'), registryId: registry.id }), { status: 409, body: { error: { code: 'VERSION_EXISTS' } } });

    const refused = async (change: (m: any) => void) => {
      const m = manifest('9.9.9') as any;
      change(m);
      const response = await api('POST', '/plugins', { manifest: m, registryId: registry.id });
      t.equal(response.status, 422, response.raw);
      t.equal(response.body.error.code, 'PLUGIN_INVALID');
      return response.body.error.details.errors as { path: string; message: string }[];
    };
    t.match(await refused((m) => delete m.title), [{ path: '/manifest/title' }]);
    t.match(await refused((m) => (m.input.properties.port.type = 'int')), [{ path: '/manifest/input/properties/port/type', message: /not a valid JSON Schema/ }]);
    t.match(await refused((m) => delete m.input.properties.adminPassword.writeOnly), [{ path: '/manifest/input/properties/adminPassword/writeOnly', message: /must be true/ }]);
    t.match(await refused((m) => m.secrets.push('token')), [{ path: '/manifest/secrets/1', message: /not a property of input/ }]);
    t.match(await refused((m) => (m.actions = ['rollback'])), [{ path: '/manifest/actions', message: /must contain "run"/ }]);
    t.match(await refused((m) => (m.image = `${ANONYMOUS_REGISTRY}/${pluginRepo}:9.9.9`)), [{ path: '/manifest/image', message: /has no image/ }]);
    t.match(await refused((m) => (m.image = `ghcr.io/acme/x:1`)), [{ path: '/manifest/image', message: /names registry host "ghcr.io", but registry "local" is 127\.0\.0\.1:5001/ }]);

    const catalog = await api('GET', '/plugins');
    t.match(catalog.body, { total: 1, items: [{ name: 'nullops/postgres-create-db', latestVersion: '1.2.0', versions: ['1.2.0', '1.0.0'], manifest: { input: { properties: { adminPassword: { writeOnly: true } } } } }] });
    t.match((await api('GET', '/plugins/nullops/postgres-create-db')).body, { versions: [{ version: '1.2.0' }, { version: '1.0.0' }] });
    t.match((await api('GET', '/plugins/nullops/postgres-create-db/1.0.0')).body, { version: '1.0.0', digest });
    t.equal((await api('GET', '/plugins/nullops/postgres-create-db/3.0.0')).status, 404);
  });

  const definition = () => ({
    steps: [
      { id: 'db', kind: 'service', service: 'postgres' },
      {
        id: 'create-db',
        kind: 'component',
        plugin: 'nullops/postgres-create-db@^1.0.0',
        params: { host: '${{ services.db.host }}', port: '${{ services.db.ports.pg }}', database: 'shop', adminPassword: '${{ secrets.PG_PASSWORD }}' },
      },
      { id: 'web', kind: 'service', service: 'web', env: { DATABASE_URL: '${{ steps.create-db.outputs.url }}', API_KEY: '${{ secrets.API_KEY }}' } },
    ],
    edges: [
      { from: 'db', to: 'create-db' },
      { from: 'create-db', to: 'web' },
    ],
  });

  await t.test('pipelines: invalid is refused with every error, valid saves as version n+1', async (t) => {
    t.equal((await api('POST', '/services', { name: 'postgres', registryId: registry.id, image: webRepo, tagMode: 'pinned', tag: '17', ports: [{ name: 'pg', port: 5432, ingress: false }], env: { POSTGRES_PASSWORD: '${{ secrets.PG_PASSWORD }}' } })).status, 201);
    t.equal((await api('POST', '/services', { name: 'web', registryId: registry.id, image: webRepo, tagMode: 'selectable', tagPattern: 'v1.*', ports: [{ name: 'http', port: 8080, ingress: true }], healthcheck: { type: 'http', port: 'http', path: '/' } })).status, 201);
    t.match((await api('GET', `/projects/${project.id}/pipeline`)).body, { error: { code: 'NOT_FOUND', message: /no pipeline yet/ } });

    const cyclic = definition();
    cyclic.edges.push({ from: 'web', to: 'db' });
    const checked = await api('POST', `/projects/${project.id}/pipeline/validate`, { definition: cyclic });
    t.match(checked.body, { valid: false, errors: [{ code: 'CYCLE', path: '/edges' }] });
    t.same((await api('POST', `/projects/${project.id}/pipeline/validate`, { definition: definition() })).body, { valid: true, errors: [] });

    const bad = definition() as any;
    bad.steps[1].params.database = 'Not-Valid';
    bad.steps[2].env.X = '${{ secrets.MISSING }}';
    const refused = await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: bad });
    t.equal(refused.status, 422);
    t.match(refused.body.error, { code: 'PIPELINE_INVALID', details: { errors: [{ code: 'PARAM_INVALID', stepId: 'create-db', path: '/steps/1/params/database' }, { code: 'SECRET_UNKNOWN', stepId: 'web', path: '/steps/2/env/X' }] } });

    const first = await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: definition(), message: 'first cut' });
    t.equal(first.status, 201, first.raw);
    t.match(first.body, { version: 1, message: 'first cut', createdBy: { name: TEST_ADMIN.username }, resolved: { plugins: { 'create-db': { name: 'nullops/postgres-create-db', version: '1.2.0', digest } } } });
    const second = await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: { ...definition(), layout: { db: { x: 10, y: 20 } } } });
    t.match(second, { status: 201, body: { version: 2, message: '' } });
    t.match((await api('GET', `/projects/${project.id}/pipeline`)).body, { version: 2, definition: { layout: { db: { x: 10, y: 20 } } } });
    t.match((await api('GET', `/projects/${project.id}/pipeline/versions`)).body, { total: 2, items: [{ version: 2 }, { version: 1, message: 'first cut' }] });
    t.match((await api('GET', `/projects/${project.id}/pipeline/versions/1`)).body, { version: 1, definition: { steps: [{ id: 'db' }, { id: 'create-db' }, { id: 'web' }] } });
    t.equal((await api('GET', `/projects/${project.id}/pipeline/versions/7`)).status, 404);
  });

  await t.test('dry-run renders the plan with secrets and passwords redacted, and says where it would be placed', async (t) => {
    const run = await api('POST', `/projects/${project.id}/pipeline/dry-run`, { environmentId: environment.id, versions: { web: 'v1.4.0' } });
    t.equal(run.status, 200, run.raw);
    t.match(run.body, { valid: true, errors: [], placement: { shortfalls: [], reason: /No enabled node of environment "qa" is online/ }, plan: { project: 'shop', environment: 'qa', baseDomain: 'example.com', publicUrlTemplate: 'http://{step}.dry-run.qa.example.com:7780/' } });
    const [db, createDb, web] = run.body.plan.steps;
    t.match(db, { image: `${ANONYMOUS_REGISTRY}/${webRepo}:17`, env: { POSTGRES_PASSWORD: '<secret PG_PASSWORD>' }, resources: { cpu: 1, memoryMb: 1024 } });
    t.match(createDb, { image: `${ANONYMOUS_REGISTRY}/${pluginRepo}@${digest}`, params: { host: 'db', port: 5432, adminPassword: '<secret PG_PASSWORD>' } });
    t.match(web, { image: `${ANONYMOUS_REGISTRY}/${webRepo}:v1.4.0`, needs: ['create-db'], env: { DATABASE_URL: '${{ steps.create-db.outputs.url }}', API_KEY: '<secret API_KEY>' } });
    t.notMatch(run.raw, /plaintext/, 'no secret value in the dry-run');

    t.match((await api('POST', `/projects/${project.id}/pipeline/dry-run`, { environmentId: environment.id })).body, { valid: false, plan: null, errors: [{ code: 'VERSION_REQUIRED', message: /Choose a tag for service "web"/ }] });
    t.match((await api('POST', `/projects/${project.id}/pipeline/dry-run`, { environmentId: environment.id, versions: { web: 'v2.0.0' } })).body, { valid: false, errors: [{ code: 'TAG_NOT_ALLOWED' }] });
  });

  await t.test('deleting what is in use is refused, naming the users', async (t) => {
    t.match(await api('DELETE', '/plugins/nullops/postgres-create-db/1.2.0'), { status: 409, body: { error: { code: 'IN_USE', message: /shop \(pipeline v1\), shop \(pipeline v2\)/, details: { usedBy: { pipelines: ['shop (pipeline v1)', 'shop (pipeline v2)'] } } } } });
    t.match(await api('DELETE', '/plugins/nullops/postgres-create-db'), { status: 409, body: { error: { code: 'IN_USE' } } });
    t.equal((await api('DELETE', '/plugins/nullops/postgres-create-db/1.0.0')).status, 204, 'an unused version goes');
    const services = (await api('GET', '/services')).body.items as { id: string; name: string }[];
    const web = services.find((s) => s.name === 'web')!;
    t.match(await api('DELETE', `/services/${web.id}`), { status: 409, body: { error: { code: 'IN_USE', details: { usedBy: { pipelines: ['shop (pipeline v2)'] } } } } });
    t.match(await api('PATCH', `/services/${web.id}`, { name: 'frontend' }), { status: 409, body: { error: { code: 'IN_USE' } } });
    t.match(await api('DELETE', `/registries/${registry.id}`), { status: 409, body: { error: { code: 'IN_USE', details: { usedBy: { services: ['postgres', 'web'], plugins: ['nullops/postgres-create-db@1.2.0'] } } } } });
  });

  await t.test('a user with read access sees secret names and the pipeline, and changes nothing', async (t) => {
    const user = (await api('POST', '/users', { username: 'reader', password: 'reader-password', role: 'user' })).body;
    const outsider = (await api('POST', '/users', { username: 'outsider', password: 'outsider-password', role: 'user' })).body;
    const team = (await api('POST', '/teams', { name: 'readers' })).body;
    t.ok([200, 201, 204].includes((await api('POST', `/teams/${team.id}/members`, { userId: user.id })).status));
    t.equal((await api('PUT', `/projects/${project.id}/grants/${team.id}`, { access: 'read' })).status, 200);
    const reader = { cookie: await signIn(cp.app, 'reader', 'reader-password') };
    const stranger = { cookie: await signIn(cp.app, 'outsider', 'outsider-password') };
    t.ok(outsider.id);
    t.equal((await api('GET', `/projects/${project.id}/secrets`, undefined, reader)).status, 200);
    t.equal((await api('GET', `/projects/${project.id}/pipeline`, undefined, reader)).status, 200);
    t.equal((await api('PUT', `/projects/${project.id}/secrets/X`, { value: 'x' }, reader)).status, 403);
    t.equal((await api('POST', `/projects/${project.id}/pipeline/versions`, { definition: definition() }, reader)).status, 403);
    t.equal((await api('GET', `/projects/${project.id}/secrets`, undefined, stranger)).status, 404, 'a project one may not see is not there');
    t.equal((await api('GET', '/registries', undefined, reader)).status, 403, 'registries are for admins');
    t.equal((await api('GET', '/plugins', undefined, reader)).status, 200, 'the catalog is readable');
  });

  await t.test('no table holds a secret value or password in clear', async (t) => {
    const connection = cp.app.orm.em.getConnection();
    const tables = (await connection.execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).map((r) => r.table_name);
    t.ok(tables.includes('project_secret') && tables.includes('audit_event') && tables.includes('pipeline_version'));
    for (const table of tables) {
      const rows = await connection.execute<{ row: string }[]>(`select row_to_json(x)::text as row from "${table}" x`);
      for (const { row } of rows) t.notMatch(row, /plaintext/, `${table} has no secret value in clear`);
    }
    const stored = await connection.execute<{ value_encrypted: string }[]>(`select value_encrypted from project_secret`);
    t.equal(stored.length, 2);
    for (const row of stored) t.match(row.value_encrypted, /^enc:v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+$/);
  });
});
