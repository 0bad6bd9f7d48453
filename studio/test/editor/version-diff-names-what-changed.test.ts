// The diff of two versions names steps added and removed, each changed param on its own line, and
// edges added and removed — and ignores positions.
import t from 'tap';
import { diffVersions } from '../../src/editor/model/version-diff.js';
import type { PipelineDefinition } from '../../src/editor/model/pipeline-graph.js';

const v1: PipelineDefinition = {
  steps: [
    { id: 'db', kind: 'service', service: 'postgres' },
    { id: 'create-db', kind: 'component', plugin: 'nullops/pg@^1.0.0', params: { name: 'app', owner: 'a' } },
    { id: 'seed', kind: 'job', service: 'api', command: ['seed'] },
  ],
  edges: [{ from: 'db', to: 'create-db' }],
  layout: { positions: { db: { x: 0, y: 0 } } },
};
const v2: PipelineDefinition = {
  steps: [
    { id: 'db', kind: 'service', service: 'postgres' },
    { id: 'create-db', kind: 'component', plugin: 'nullops/pg@^1.1.0', params: { name: 'app2', encoding: 'UTF8', owner: 'a' } },
    { id: 'api', kind: 'service', service: 'api' },
  ],
  edges: [
    { from: 'db', to: 'create-db' },
    { from: 'create-db', to: 'api' },
  ],
  layout: { positions: { db: { x: 100, y: 50 } } },
};

t.test('steps, params and edges that changed are each named', async (t) => {
  const diff = diffVersions(v1, v2);
  t.same(diff.steps, [
    {
      kind: 'changed',
      stepId: 'create-db',
      changes: [
        { field: 'plugin', before: 'nullops/pg@^1.0.0', after: 'nullops/pg@^1.1.0' },
        { field: 'params.name', before: 'app', after: 'app2' },
        { field: 'params.encoding', before: undefined, after: 'UTF8' },
      ],
    },
    { kind: 'added', stepId: 'api', step: v2.steps[2] },
    { kind: 'removed', stepId: 'seed', step: v1.steps[2] },
  ]);
  t.same(diff.edgesAdded, ['create-db → api']);
  t.same(diff.edgesRemoved, []);
  t.equal(diff.same, false);
});

t.test('moving nodes around is not a change', async (t) => {
  t.equal(diffVersions(v1, { ...v1, layout: { positions: { db: { x: 999, y: 1 } } } }).same, true);
});
