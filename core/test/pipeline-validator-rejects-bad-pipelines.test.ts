// The validator's table of bad pipelines: each mistake gets its own code, the step and a path into the
// definition; a good pipeline comes back with the plugin range pinned to a version and digest.
import t from 'tap';
import { validatePipeline, type PipelineDefinition, type PipelineError } from '../src/pipeline/index.js';
import { context, goodPipeline } from './fixtures/pipeline-catalog.js';

t.test('a good pipeline is valid and pins the newest version in the range', async (t) => {
  const result = validatePipeline(goodPipeline(), context);
  t.same(result.valid ? [] : result.errors, []);
  t.ok(result.valid);
  if (result.valid) t.same(result.resolved.plugins, { 'create-db': { name: 'nullops/postgres-create-db', version: '1.2.0', digest: `sha256:${'2'.repeat(64)}` } });
});

type Mutation = (d: PipelineDefinition & { steps: any[]; edges: any[] }) => void;
const step = (d: PipelineDefinition, id: string) => d.steps.find((s) => s.id === id) as any;

const table: { name: string; mutate: Mutation; code: PipelineError['code']; stepId?: string; path: string; message: RegExp }[] = [
  { name: 'cycle', mutate: (d) => d.edges.push({ from: 'web', to: 'db' }), code: 'CYCLE', stepId: 'db', path: '/edges', message: /cycle: db → create-db → migrate → web → db/ },
  { name: 'self edge', mutate: (d) => d.edges.push({ from: 'web', to: 'web' }), code: 'CYCLE', stepId: 'web', path: '/edges', message: /web → web/ },
  { name: 'edge to a missing step', mutate: (d) => d.edges.push({ from: 'db', to: 'cache' }), code: 'EDGE_UNKNOWN_STEP', path: '/edges/3/to', message: /"cache", which is not a step/ },
  { name: 'duplicate step id', mutate: (d) => d.steps.push({ id: 'db', kind: 'service', service: 'postgres' }), code: 'DUPLICATE_STEP_ID', stepId: 'db', path: '/steps/4/id', message: /used by more than one step/ },
  { name: 'step id not a DNS label', mutate: (d) => d.steps.push({ id: 'Web_2', kind: 'service', service: 'web' }), code: 'STEP_ID_INVALID', stepId: 'Web_2', path: '/steps/4/id', message: /not a DNS label/ },
  { name: 'unknown step kind', mutate: (d) => d.steps.push({ id: 'x', kind: 'lambda' }), code: 'DEFINITION_INVALID', stepId: 'x', path: '/steps/4/kind', message: /"service", "job" or "component"/ },
  { name: 'job without command', mutate: (d) => delete step(d, 'migrate').command, code: 'DEFINITION_INVALID', stepId: 'migrate', path: '/steps/2/command', message: /command/ },
  { name: 'unknown service', mutate: (d) => (step(d, 'web').service = 'frontend'), code: 'UNKNOWN_SERVICE', stepId: 'web', path: '/steps/3/service', message: /"frontend", which is not in the catalog/ },
  { name: 'health check on a missing port', mutate: (d) => (step(d, 'db').healthcheck = { type: 'tcp', port: 'postgres' }), code: 'HEALTHCHECK_PORT_UNKNOWN', stepId: 'db', path: '/steps/0/healthcheck/port', message: /has ports "pg"/ },
  { name: 'plugin reference without range', mutate: (d) => (step(d, 'create-db').plugin = 'nullops/postgres-create-db'), code: 'PLUGIN_REFERENCE_INVALID', stepId: 'create-db', path: '/steps/1/plugin', message: /<scope>\/<name>@<semver range>/ },
  { name: 'unknown plugin', mutate: (d) => (step(d, 'create-db').plugin = 'acme/seed@^1'), code: 'UNKNOWN_PLUGIN', stepId: 'create-db', path: '/steps/1/plugin', message: /"acme\/seed", which is not installed/ },
  { name: 'range nothing satisfies', mutate: (d) => (step(d, 'create-db').plugin = 'nullops/postgres-create-db@^3.0.0'), code: 'PLUGIN_VERSION_UNRESOLVED', stepId: 'create-db', path: '/steps/1/plugin', message: /installed: 2\.0\.0, 1\.2\.0, 1\.0\.0/ },
  { name: 'bad literal param', mutate: (d) => (step(d, 'create-db').params.database = 'Shop-DB'), code: 'PARAM_INVALID', stepId: 'create-db', path: '/steps/1/params/database', message: /param "database" must match pattern/ },
  { name: 'unknown param', mutate: (d) => (step(d, 'create-db').params.colour = 'red'), code: 'PARAM_INVALID', stepId: 'create-db', path: '/steps/1/params/colour', message: /not a known property/ },
  { name: 'missing required param', mutate: (d) => delete step(d, 'create-db').params.host, code: 'PARAM_INVALID', stepId: 'create-db', path: '/steps/1/params/host', message: /is required/ },
  { name: 'secret param given literally', mutate: (d) => (step(d, 'create-db').params.adminPassword = 'hunter2'), code: 'SECRET_PARAM_LITERAL', stepId: 'create-db', path: '/steps/1/params/adminPassword', message: /never as a literal/ },
  { name: 'expression syntax', mutate: (d) => (step(d, 'web').env.X = '${{ secrets.API_KEY '), code: 'EXPRESSION_SYNTAX', stepId: 'web', path: '/steps/3/env/X', message: /never closed/ },
  { name: 'dangling expression', mutate: (d) => (step(d, 'web').env.X = '${{ vault.key }}'), code: 'EXPRESSION_UNKNOWN_REFERENCE', stepId: 'web', path: '/steps/3/env/X', message: /"vault", which is not known/ },
  { name: 'unknown secret', mutate: (d) => (step(d, 'web').env.X = '${{ secrets.STRIPE_KEY }}'), code: 'SECRET_UNKNOWN', stepId: 'web', path: '/steps/3/env/X', message: /"STRIPE_KEY", which the project does not have/ },
  { name: 'services.<id> of a job', mutate: (d) => (step(d, 'web').env.X = '${{ services.migrate.host }}'), code: 'SERVICE_REFERENCE_UNKNOWN', stepId: 'web', path: '/steps/3/env/X', message: /a job step, not a service/ },
  { name: 'services.<id> of nothing', mutate: (d) => (step(d, 'web').env.X = '${{ services.cache.url }}'), code: 'SERVICE_REFERENCE_UNKNOWN', stepId: 'web', path: '/steps/3/env/X', message: /"cache", which does not exist/ },
  { name: 'unknown port', mutate: (d) => (step(d, 'create-db').params.port = '${{ services.db.ports.http }}'), code: 'SERVICE_PORT_UNKNOWN', stepId: 'create-db', path: '/steps/1/params/port', message: /port "http", but service "postgres" has ports "pg"/ },
  { name: 'publicUrl without ingress', mutate: (d) => (step(d, 'web').env.X = '${{ services.db.publicUrl }}'), code: 'SERVICE_NO_INGRESS', stepId: 'web', path: '/steps/3/env/X', message: /no ingress port/ },
  { name: 'output of a non-ancestor', mutate: (d) => { d.steps.push({ id: 'seed', kind: 'component', plugin: 'nullops/postgres-create-db@1', params: { host: 'db', port: 5432, database: 'x', adminPassword: '${{ secrets.PG_PASSWORD }}' } }); step(d, 'web').env.X = '${{ steps.seed.outputs.url }}'; }, code: 'OUTPUT_NOT_ANCESTOR', stepId: 'web', path: '/steps/3/env/X', message: /"seed", which does not run before "web"/ },
  { name: 'output of a descendant', mutate: (d) => (step(d, 'create-db').params.database = '${{ steps.create-db.outputs.database }}'), code: 'OUTPUT_NOT_ANCESTOR', stepId: 'create-db', path: '/steps/1/params/database', message: /does not run before "create-db"/ },
  { name: 'undeclared output in a job command', mutate: (d) => (step(d, 'migrate').command = ['migrate', '--url', '${{ steps.create-db.outputs.dsn }}']), code: 'OUTPUT_UNKNOWN_KEY', stepId: 'migrate', path: '/steps/2/command/2', message: /output "dsn", which the plugin of "create-db" does not declare/ },
  { name: 'output of a service', mutate: (d) => (step(d, 'web').env.X = '${{ steps.db.outputs.url }}'), code: 'OUTPUT_NOT_COMPONENT', stepId: 'web', path: '/steps/3/env/X', message: /only component steps have outputs/ },
  { name: 'output of nothing', mutate: (d) => (step(d, 'web').env.X = '${{ steps.ghost.outputs.url }}'), code: 'OUTPUT_UNKNOWN_STEP', stepId: 'web', path: '/steps/3/env/X', message: /"ghost", which does not exist/ },
  { name: 'undeclared output key', mutate: (d) => (step(d, 'web').env.X = '${{ steps.create-db.outputs.password }}'), code: 'OUTPUT_UNKNOWN_KEY', stepId: 'web', path: '/steps/3/env/X', message: /does not declare \(it has url, database\)/ },
  { name: 'step resources above the project', mutate: (d) => (step(d, 'web').resources = { cpu: 4, memoryMb: 512 }), code: 'RESOURCES_EXCEED_PROJECT', stepId: 'web', path: '/steps/3/resources/cpu', message: /4 CPU, more than the project's 2 CPU/ },
  { name: 'resources adding up above the project', mutate: (d) => { step(d, 'web').resources = { cpu: 1, memoryMb: 1900 }; }, code: 'RESOURCES_SUM_EXCEEDS', path: '/steps', message: /2156 MiB, more than the project's/ },
  { name: 'nothing left for the other services', mutate: (d) => { step(d, 'web').resources = { cpu: 1.5, memoryMb: 1792 }; }, code: 'RESOURCES_SUM_EXCEEDS', path: '/steps', message: /left for db: less than/ },
  { name: 'no steps', mutate: (d) => { d.steps.length = 0; d.edges.length = 0; }, code: 'NO_STEPS', path: '/steps', message: /no steps/ },
];

for (const row of table) {
  t.test(row.name, async (t) => {
    const definition = goodPipeline() as any;
    row.mutate(definition);
    const result = validatePipeline(definition, context);
    t.equal(result.valid, false);
    if (result.valid) return;
    const found = result.errors.find((e) => e.code === row.code);
    t.ok(found, `expected ${row.code}, got ${JSON.stringify(result.errors)}`);
    if (!found) return;
    t.equal(found.path, row.path);
    t.equal(found.stepId, row.stepId);
    t.match(found.message, row.message);
    t.same(result.errors.filter((e) => e.code !== row.code), [], 'no other errors');
  });
}

t.test('an expression param is not checked against the schema at save, but its expression is', async (t) => {
  const definition = goodPipeline();
  const result = validatePipeline(definition, context);
  t.ok(result.valid, 'port "${{ services.db.ports.pg }}" is a string now and an integer at run time');
});

t.test('not an object', async (t) => {
  t.match(validatePipeline([], context), { valid: false, errors: [{ code: 'DEFINITION_INVALID', path: '' }] });
  t.match(validatePipeline({ steps: [] }, context), { valid: false, errors: [{ code: 'DEFINITION_INVALID', path: '/edges' }] });
});

t.test('without project resources, resources are not checked (the studio before a project exists)', async (t) => {
  const definition = goodPipeline();
  (definition.steps[3] as any).resources = { cpu: 64, memoryMb: 999999 };
  t.ok(validatePipeline(definition, { ...context, projectResources: undefined }).valid);
});
