// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// renderPlan turns a saved pipeline version into exactly the plan the agent expects: images at the chosen
// tags with pull credentials, resolved env and params (step outputs left for the agent), split resources,
// needs from the edges, every secret value used as a mask — and refuses tags outside the rules.
import t from 'tap';
import { Plan, checkContract } from '../src/contracts/index.js';
import { PlanRenderError, renderPlan, validatePipeline, type RenderInput } from '../src/pipeline/index.js';
import { context, goodPipeline, plugins, services } from './fixtures/pipeline-catalog.js';

function input(overrides: Partial<RenderInput> = {}): RenderInput {
  const definition = goodPipeline();
  const validation = validatePipeline(definition, context);
  if (!validation.valid) throw new Error(JSON.stringify(validation.errors));
  return {
    deployment: { id: '5b0d7c1e-8a7e-4a57-9a43-0d6c2f3e9b10', name: 'pr-42', generation: 1 },
    project: { name: 'shop', resources: { cpu: 2, memoryMb: 2048 } },
    environment: { name: 'qa', baseDomain: 'example.com', ingressScheme: 'http', ingressPort: 7780 },
    definition,
    resolved: validation.resolved,
    services,
    plugins,
    versions: { web: 'v1.4.0' },
    secrets: { PG_PASSWORD: 'pg-s3cret', API_KEY: 'key-123', UNUSED: 'never-used' },
    ...overrides,
  };
}

t.test('the plan matches the contract and carries what the agent needs', async (t) => {
  const plan = renderPlan(input());
  const checked = checkContract(Plan, plan);
  t.same(checked.ok ? [] : checked.errors, [], 'valid against the Plan contract');
  t.match(plan, { deploymentId: '5b0d7c1e-8a7e-4a57-9a43-0d6c2f3e9b10', generation: 1, name: 'pr-42', project: 'shop', environment: 'qa', baseDomain: 'example.com', gracefulStopSeconds: 30 });
  t.same(plan.steps.map((s) => [s.id, s.needs]), [['db', []], ['create-db', ['db']], ['migrate', ['create-db']], ['web', ['migrate']]]);
  t.same(plan.masks.sort(), ['key-123', 'pg-s3cret'], 'every secret value used, and only those');

  const [db, createDb, migrate, web] = plan.steps as any[];
  t.match(db, { kind: 'service', image: 'docker.io/library/postgres:17', env: { POSTGRES_PASSWORD: 'pg-s3cret' }, ports: [{ name: 'pg', port: 5432, ingress: false }] });
  t.notOk('pullAuth' in db, 'Docker Hub without credentials pulls anonymously');
  t.match(web, {
    kind: 'service',
    image: '127.0.0.1:5002/shop/web:v1.4.0',
    pullAuth: { username: 'nullops-test', password: 'nullops-test-password' },
    env: { LOG_LEVEL: 'info', API_KEY: 'key-123', SELF: 'http://web.pr-42.qa.example.com:7780/', DATABASE_URL: '${{ steps.create-db.outputs.url }}' },
    healthcheck: { type: 'http', port: 'http', path: '/healthz' },
  });
  t.match(migrate, { kind: 'job', image: '127.0.0.1:5002/shop/web:v1.4.0', command: ['migrate', '--url', '${{ steps.create-db.outputs.url }}'], timeoutSeconds: 600 });
  t.same(createDb.image, `docker.io/nullops/postgres-create-db@sha256:${'2'.repeat(64)}`, 'the pinned version runs by digest');
  t.same(createDb.params, { host: 'db', port: 5432, database: 'shop_pr-42', adminPassword: 'pg-s3cret' }, 'a whole-string port expression becomes a number');
  t.match(createDb.manifest, { name: 'nullops/postgres-create-db', version: '1.2.0', timeoutSeconds: 120, actions: ['run', 'rollback'], network: 'deployment', secrets: ['adminPassword'] });
});

t.test('resources: own resources kept, the rest split among services, jobs get a service share', async (t) => {
  const definition = goodPipeline();
  delete (definition.steps[2] as any).resources; // migrate (job) now has none
  (definition.steps[0] as any).resources = { cpu: 0.5, memoryMb: 512 }; // db has its own
  const plan = renderPlan(input({ definition }));
  const byId = Object.fromEntries(plan.steps.map((s) => [s.id, (s as any).resources]));
  t.same(byId.db, { cpu: 0.5, memoryMb: 512 });
  t.same(byId.web, { cpu: 1.5, memoryMb: 1536 }, 'the only service without resources gets the rest');
  t.same(byId.migrate, { cpu: 1.5, memoryMb: 1536 }, 'a job without resources gets a service share');
  t.equal(byId['create-db'], undefined, 'plugins run with their manifest limits');

  const three = goodPipeline();
  three.steps.push({ id: 'cache', kind: 'service', service: 'postgres' });
  const split = Object.fromEntries(renderPlan(input({ definition: three })).steps.map((s) => [s.id, (s as any).resources]));
  t.same([split.db, split.web, split.cache], Array(3).fill({ cpu: 0.5, memoryMb: 597 }), '(2 - 0.5) CPU and (2048 - 256) MiB over three services, rounded down');
});

t.test('a deployment tag outside the rules is refused with its code', async (t) => {
  const codeOf = (versions: Record<string, string>) => {
    try {
      renderPlan(input({ versions }));
      return 'rendered';
    } catch (error) {
      return error instanceof PlanRenderError ? error.code : String(error);
    }
  };
  t.equal(codeOf({}), 'VERSION_REQUIRED');
  t.equal(codeOf({ web: 'v2.0.0' }), 'TAG_NOT_ALLOWED');
  t.equal(codeOf({ web: 'v1.0.0', postgres: '16' }), 'TAG_NOT_ALLOWED');
  t.equal(codeOf({ web: 'v1.0.0', postgres: '17' }), 'rendered');
});

t.test('a secret deleted since the pipeline was saved is named', async (t) => {
  t.throws(() => renderPlan(input({ secrets: { PG_PASSWORD: 'x' } })), { code: 'SECRET_MISSING', message: /secret "API_KEY"/ });
});

t.test('https on the default port leaves the port out of public URLs', async (t) => {
  const plan = renderPlan(input({ environment: { name: 'qa', baseDomain: 'Example.COM', ingressScheme: 'https', ingressPort: 443 } }));
  t.equal(plan.publicUrlTemplate, 'https://{step}.pr-42.qa.example.com/');
});
