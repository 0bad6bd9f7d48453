// The inspector's form comes from the plugin's input schema: every property becomes a field of the
// right kind, with its label, help, default, format and examples; secrets become secret pickers.
import t from 'tap';
import { formFromSchema, initialParams, parseInput, valueAt, withValue } from '../../src/editor/model/schema-form.js';

const input = {
  type: 'object',
  required: ['host', 'name', 'password'],
  properties: {
    host: { type: 'string', description: 'Where PostgreSQL listens', examples: ['${{ services.db.host }}'] },
    port: { type: 'integer', default: 5432, minimum: 1 },
    name: { type: 'string', title: 'Database name', format: 'hostname' },
    password: { type: 'string', writeOnly: true },
    encoding: { enum: ['UTF8', 'LATIN1'], default: 'UTF8' },
    dropOnRollback: { type: 'boolean', default: true },
    extensions: { type: 'array', items: { type: 'string' } },
    owner: { type: 'object', properties: { role: { type: 'string' }, superuser: { type: 'boolean' } }, required: ['role'] },
    extra: { type: 'object' },
  },
};

t.test('each property becomes the field a person expects', async (t) => {
  const fields = formFromSchema(input, ['password']);
  t.same(
    fields.map((f) => [f.key, f.kind, f.required]),
    [
      ['host', 'string', true],
      ['port', 'integer', false],
      ['name', 'string', true],
      ['password', 'secret', true],
      ['encoding', 'enum', false],
      ['dropOnRollback', 'boolean', false],
      ['extensions', 'array', false],
      ['owner', 'object', false],
      ['extra', 'json', false],
    ],
  );
  const [host, port, name, , encoding, drop, extensions, owner] = fields;
  t.equal(host.help, 'Where PostgreSQL listens');
  t.same(host.examples, ['${{ services.db.host }}']);
  t.equal(port.default, 5432);
  t.equal(name.label, 'Database name', 'title wins over the key');
  t.equal(name.format, 'hostname');
  t.equal(drop.label, 'Drop on rollback', 'a camelCase key reads as words');
  t.same(encoding.options, ['UTF8', 'LATIN1']);
  t.equal(extensions.item?.kind, 'string');
  t.same(
    owner.children.map((c) => [c.pointer, c.kind, c.required]),
    [
      ['/owner/role', 'string', true],
      ['/owner/superuser', 'boolean', false],
    ],
  );
  t.same(
    fields.filter((f) => f.keyParam).map((f) => f.key),
    ['host', 'name', 'password'],
    'required scalars are shown on the node',
  );
});

t.test('writeOnly alone marks a secret even when the plugin forgot its secrets list', async (t) => {
  t.equal(formFromSchema(input).find((f) => f.key === 'password')?.kind, 'secret');
});

t.test('a new step starts with the schema defaults', async (t) => {
  t.same(initialParams(formFromSchema(input)), { port: 5432, encoding: 'UTF8', dropOnRollback: true });
});

t.test('typed text becomes a value of the field type; an emptied optional field is removed', async (t) => {
  t.equal(parseInput({ kind: 'integer', required: false }, '5433'), 5433);
  t.equal(parseInput({ kind: 'integer', required: false }, '${{ services.db.ports.pg }}'), '${{ services.db.ports.pg }}');
  t.equal(parseInput({ kind: 'integer', required: false }, ''), undefined);
  t.equal(parseInput({ kind: 'string', required: true }, ''), '');
  t.same(parseInput({ kind: 'json', required: false }, '{"a":1}'), { a: 1 });
  const params = withValue({ owner: { role: 'app' } }, '/owner/superuser', true);
  t.same(params, { owner: { role: 'app', superuser: true } });
  t.equal(valueAt(params, '/owner/role'), 'app');
  t.same(withValue(params, '/owner', undefined), {});
});
