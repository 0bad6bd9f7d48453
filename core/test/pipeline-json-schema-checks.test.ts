// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The one Ajv configuration: plugin schemas are checked for being schemas, params against them with
// readable paths, and a draft-07 schema is read as draft-07.
import t from 'tap';
import { checkJsonSchema, validateAgainstSchema, validatePluginParams } from '../src/pipeline/index.js';

t.test('a broken schema is refused with the reason', async (t) => {
  t.match(checkJsonSchema({ type: 'objekt' }), { ok: false, message: /type/ });
  t.match(checkJsonSchema({ type: 'object', required: 'name' }), { ok: false, errors: [{ path: '/required' }] });
  t.match(checkJsonSchema('nope'), { ok: false });
  t.same(checkJsonSchema({ type: 'object', properties: { a: { type: 'string', format: 'uri', 'x-ui': 'textarea' } } }), { ok: true }, 'unknown keywords are UI hints');
});

t.test('values are checked with formats, paths and readable messages', async (t) => {
  const schema = { type: 'object', properties: { url: { type: 'string', format: 'uri' }, mode: { enum: ['a', 'b'] } }, required: ['url'] };
  t.same(validateAgainstSchema(schema, { url: 'https://x.example/' }), { ok: true });
  t.match(validateAgainstSchema(schema, { url: 'not a url', mode: 'c' }), {
    ok: false,
    errors: [
      { path: '/url', message: 'must match format "uri"' },
      { path: '/mode', message: 'must be one of "a", "b"' },
    ],
  });
  t.match(validateAgainstSchema(schema, {}), { ok: false, errors: [{ path: '/url', message: 'is required' }] });
});

t.test('params that are still expressions are left for run time', async (t) => {
  const schema = { type: 'object', properties: { port: { type: 'integer' }, name: { type: 'string', pattern: '^[a-z]+$' } }, required: ['port'] };
  t.same(validatePluginParams(schema, { port: '${{ services.db.ports.pg }}', name: 'ok' }, ['/port']), { ok: true });
  t.match(validatePluginParams(schema, { port: '${{ services.db.ports.pg }}', name: 'NO' }, ['/port']), { ok: false, errors: [{ path: '/name' }] });
});

t.test('draft-07 schemas keep draft-07 meaning', async (t) => {
  const tuple = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false };
  t.same(checkJsonSchema(tuple), { ok: true });
  t.same(validateAgainstSchema(tuple, ['a', 1]), { ok: true });
  t.match(validateAgainstSchema(tuple, ['a', 'b']), { ok: false, errors: [{ path: '/1' }] });
});
