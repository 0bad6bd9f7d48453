// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// `${{ … }}` expressions: several per string, every reference kind, clear errors for bad syntax, and the
// agent-side resolution of step outputs.
import t from 'tap';
import { parseTemplate, resolveExpressions, resolveStepOutputs, ExpressionResolutionError } from '../src/pipeline/index.js';

t.test('a string may embed several expressions among literal text', async (t) => {
  const parsed = parseTemplate('postgres://app:${{ secrets.PG_PASSWORD }}@${{services.db.host}}:${{ services.db.ports.pg }}/x');
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.same(
    parsed.expressions.map((e) => e.reference),
    [
      { kind: 'secret', name: 'PG_PASSWORD' },
      { kind: 'service', stepId: 'db', field: 'host' },
      { kind: 'servicePort', stepId: 'db', port: 'pg' },
    ],
  );
  t.same(parsed.parts.filter((p) => typeof p === 'string'), ['postgres://app:', '@', ':', '/x']);
});

t.test('every reference kind parses', async (t) => {
  const cases: [string, unknown][] = [
    ['deployment.name', { kind: 'deployment', field: 'name' }],
    ['deployment.id', { kind: 'deployment', field: 'id' }],
    ['deployment.environment', { kind: 'deployment', field: 'environment' }],
    ['deployment.project', { kind: 'deployment', field: 'project' }],
    ['services.web.url', { kind: 'service', stepId: 'web', field: 'url' }],
    ['services.web.publicUrl', { kind: 'service', stepId: 'web', field: 'publicUrl' }],
    ['steps.create-db.outputs.url', { kind: 'output', stepId: 'create-db', key: 'url' }],
  ];
  for (const [source, reference] of cases) {
    const parsed = parseTemplate(`\${{ ${source} }}`);
    t.same(parsed.ok && parsed.expressions[0].reference, reference, source);
  }
});

t.test('bad syntax and unknown references say what is wrong', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['x ${{ secrets.A', 'EXPRESSION_SYNTAX', /never closed/],
    ['${{ }}', 'EXPRESSION_SYNTAX', /empty/],
    ['${{ secrets..A }}', 'EXPRESSION_SYNTAX', /empty part/],
    ['${{ secrets.A || "x" }}', 'EXPRESSION_SYNTAX', /operators and functions/],
    ['${{ env.HOME }}', 'EXPRESSION_UNKNOWN_REFERENCE', /"env", which is not known/],
    ['${{ deployment.owner }}', 'EXPRESSION_UNKNOWN_REFERENCE', /deployment\.name\|id\|environment\|project/],
    ['${{ services.db }}', 'EXPRESSION_UNKNOWN_REFERENCE', /services\.<step id>\.host/],
    ['${{ services.db.ports }}', 'EXPRESSION_UNKNOWN_REFERENCE', /ports\.<port name>/],
    ['${{ steps.a.output.b }}', 'EXPRESSION_UNKNOWN_REFERENCE', /steps\.<step id>\.outputs\.<key>/],
    ['${{ secrets.1ABC }}', 'EXPRESSION_UNKNOWN_REFERENCE', /not starting with a digit/],
  ];
  for (const [text, code, message] of cases) {
    const parsed = parseTemplate(text);
    t.notOk(parsed.ok, text);
    if (parsed.ok) continue;
    t.equal(parsed.errors[0].code, code, text);
    t.match(parsed.errors[0].message, message, text);
  }
});

t.test('a whole-string expression keeps its type when asked; inside text it is interpolated', async (t) => {
  const resolved = resolveExpressions(
    { port: '${{ services.db.ports.pg }}', dsn: 'db:${{ services.db.ports.pg }}', list: ['${{ deployment.name }}'], n: 3 },
    (ref) => (ref.kind === 'servicePort' ? 5432 : ref.kind === 'deployment' ? 'pr-7' : undefined),
    { keepTypes: true },
  );
  t.same(resolved, { port: 5432, dsn: 'db:5432', list: ['pr-7'], n: 3 });
});

t.test('the agent resolves step outputs, and names what is missing', async (t) => {
  const outputs = { 'create-db': { url: 'postgres://u:p@db/x', size: 3 } };
  t.same(resolveStepOutputs({ DATABASE_URL: '${{ steps.create-db.outputs.url }}' }, outputs), { DATABASE_URL: 'postgres://u:p@db/x' });
  t.same(resolveStepOutputs({ n: '${{ steps.create-db.outputs.size }}' }, outputs, { keepTypes: true }), { n: 3 });
  let caught: unknown;
  try {
    resolveStepOutputs({ a: { b: '${{ steps.create-db.outputs.nope }}' } }, outputs);
  } catch (error) {
    caught = error;
  }
  t.ok(caught instanceof ExpressionResolutionError);
  t.match(caught, { pointer: '/a/b', message: /returned no output "nope"/ });
  t.throws(() => resolveStepOutputs('${{ steps.other.outputs.x }}', outputs), /step "other" has no outputs/);
  t.throws(() => resolveStepOutputs('${{ secrets.X }}', outputs), /should have been resolved by the control plane/);
});
