// Autocompletion inside `${{ }}` offers the project's secrets, outputs of ancestor component steps
// only, the service steps' addresses and ports, and the deployment's fields — and nothing the
// validator would then refuse.
import t from 'tap';
import { validatePipeline } from '@nullops/core/pipeline';
import { acceptCompletion, completionsFor, filterCompletions, openExpressionAt } from '../../src/editor/model/expression-completion.js';
import type { PipelineDefinition } from '../../src/editor/model/pipeline-graph.js';

const definition: PipelineDefinition = {
  steps: [
    { id: 'db', kind: 'service', service: 'postgres' },
    { id: 'create-db', kind: 'component', plugin: 'nullops/pg@^1.0.0', params: {} },
    { id: 'side', kind: 'component', plugin: 'nullops/pg@^1.0.0', params: {} },
    { id: 'api', kind: 'service', service: 'api' },
  ],
  edges: [
    { from: 'db', to: 'create-db' },
    { from: 'create-db', to: 'api' },
  ],
};
const catalog = {
  secrets: ['PG_PASSWORD'],
  servicePorts: new Map([
    ['postgres', [{ name: 'pg', ingress: false }]],
    ['api', [{ name: 'http', ingress: true }]],
  ]),
  outputKeys: new Map([
    ['create-db', ['url', 'name']],
    ['side', ['url', 'name']],
  ]),
};

t.test('a step is offered its ancestors’ outputs, never a sibling’s', async (t) => {
  const texts = completionsFor(definition, 'api', catalog).map((c) => c.text);
  t.ok(texts.includes('secrets.PG_PASSWORD'));
  t.ok(texts.includes('steps.create-db.outputs.url'));
  t.notOk(texts.some((x) => x.startsWith('steps.side.')), 'side does not run before api');
  t.ok(texts.includes('services.db.ports.pg'));
  t.ok(texts.includes('services.api.publicUrl'), 'api has an ingress port');
  t.notOk(texts.includes('services.db.publicUrl'), 'db has none');
  t.ok(texts.includes('deployment.name'));
});

t.test('every offered reference passes the server validator', async (t) => {
  const offered = completionsFor(definition, 'api', catalog);
  const manifest = { input: { type: 'object' }, output: { type: 'object', properties: { url: { type: 'string' }, name: { type: 'string' } } } };
  for (const c of offered) {
    const probe: PipelineDefinition = {
      ...definition,
      steps: definition.steps.map((s) => (s.id === 'api' ? { ...s, env: { X: `\${{ ${c.text} }}` } } : s)),
    };
    const verdict = validatePipeline(probe, {
      services: [
        { name: 'postgres', ports: [{ name: 'pg', port: 5432, ingress: false }] },
        { name: 'api', ports: [{ name: 'http', port: 80, ingress: true }] },
      ],
      plugins: [{ name: 'nullops/pg', version: '1.0.0', digest: 'sha256:' + '0'.repeat(64), manifest }],
      secrets: ['PG_PASSWORD'],
    });
    t.same(verdict.valid ? [] : verdict.errors.map((e) => e.code), [], c.text);
  }
});

t.test('the caret inside an open expression finds what was typed, and accepting closes it', async (t) => {
  const text = 'postgres://${{ steps.cr';
  const open = openExpressionAt(text, text.length);
  t.same(open, { start: 15, typed: 'steps.cr' });
  t.equal(openExpressionAt('${{ secrets.A }} tail', 20), undefined, 'after a closed expression nothing is open');
  const all = completionsFor(definition, 'api', catalog);
  const first = filterCompletions(all, 'steps.cr')[0];
  t.equal(first.text, 'steps.create-db.outputs.url');
  t.same(acceptCompletion(text, text.length, first), { text: 'postgres://${{ steps.create-db.outputs.url }}', caret: 45 });
  const inside = '${{ secr }}/x';
  t.same(acceptCompletion(inside, 8, { text: 'secrets.PG_PASSWORD', detail: '' }).text, '${{ secrets.PG_PASSWORD }}/x');
  t.same(
    filterCompletions(all, 'url').map((c) => c.text).slice(0, 2),
    ['steps.create-db.outputs.url', 'services.db.url'],
    'a word anywhere in the reference matches',
  );
});
