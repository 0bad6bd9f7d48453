// The editor's graph and the saved definition convert both ways without losing a step, an edge or a
// position, and drawing an edge that would close a cycle is detected before it is added.
import t from 'tap';
import { definitionToGraph, graphToDefinition, wouldCreateCycle, freshStepId, renameStep, type PipelineDefinition } from '../../src/editor/model/pipeline-graph.js';

const definition: PipelineDefinition = {
  steps: [
    { id: 'db', kind: 'service', service: 'postgres' },
    { id: 'create-db', kind: 'component', plugin: 'nullops/postgres-create-db@^1.0.0', params: { host: '${{ services.db.host }}', name: 'app' } },
    { id: 'migrate', kind: 'job', service: 'api', command: ['npm', 'run', 'migrate'], env: { DATABASE_URL: '${{ steps.create-db.outputs.url }}' } },
    { id: 'api', kind: 'service', service: 'api' },
  ],
  edges: [
    { from: 'db', to: 'create-db' },
    { from: 'create-db', to: 'migrate' },
    { from: 'migrate', to: 'api' },
  ],
  layout: { positions: { db: { x: 10.5, y: -20 }, 'create-db': { x: 320, y: 0 }, migrate: { x: 640, y: 33.25 }, api: { x: 960, y: 0 } } },
};

t.test('a saved definition reopens with every step at its saved position and saves back identical', async (t) => {
  const graph = definitionToGraph(definition);
  t.same(
    graph.nodes.map((n) => [n.step.id, n.position]),
    [
      ['db', { x: 10.5, y: -20 }],
      ['create-db', { x: 320, y: 0 }],
      ['migrate', { x: 640, y: 33.25 }],
      ['api', { x: 960, y: 0 }],
    ],
  );
  t.same(graphToDefinition(graph), definition);
});

t.test('steps without a saved position are laid out left to right by depth', async (t) => {
  const graph = definitionToGraph({ ...definition, layout: undefined });
  const x = new Map(graph.nodes.map((n) => [n.step.id, n.position.x]));
  t.ok(x.get('db')! < x.get('create-db')!, 'a step is right of what it waits for');
  t.ok(x.get('create-db')! < x.get('migrate')!);
  t.ok(x.get('migrate')! < x.get('api')!);
});

t.test('an edge that closes a loop is a cycle; one that only joins branches is not', async (t) => {
  t.equal(wouldCreateCycle(definition.edges, 'api', 'db'), true, 'api → db closes db → … → api');
  t.equal(wouldCreateCycle(definition.edges, 'migrate', 'migrate'), true, 'a step cannot wait for itself');
  t.equal(wouldCreateCycle(definition.edges, 'db', 'api'), false, 'a shortcut forward is fine');
  t.equal(wouldCreateCycle([], 'a', 'b'), false);
});

t.test('new step ids are DNS labels not already taken', async (t) => {
  t.equal(freshStepId('nullops/postgres-create-db', []), 'postgres-create-db');
  t.equal(freshStepId('api', ['api', 'api-2']), 'api-3');
  t.equal(freshStepId('My_Service', []), 'my-service');
});

t.test('renaming a step renames its edges and the expressions that read it', async (t) => {
  const renamed = graphToDefinition(renameStep(definitionToGraph(definition), 'create-db', 'make-db'));
  t.same(renamed.edges, [
    { from: 'db', to: 'make-db' },
    { from: 'make-db', to: 'migrate' },
    { from: 'migrate', to: 'api' },
  ]);
  const migrate = renamed.steps.find((s) => s.id === 'migrate');
  t.same(migrate && 'env' in migrate ? migrate.env : undefined, { DATABASE_URL: '${{ steps.make-db.outputs.url }}' });
  t.ok(renamed.steps.some((s) => s.id === 'make-db'));
});
