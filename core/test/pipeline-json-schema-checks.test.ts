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
  t.match(validatePluginParams(schema, { port: '${{ services.db.ports.pg }}', name: 'ok' }, ['/port']), { ok: true });
  t.match(validatePluginParams(schema, { port: '${{ services.db.ports.pg }}', name: 'NO' }, ['/port']), { ok: false, errors: [{ path: '/name' }] });
});

t.test('schema defaults are applied once, at every level, to a copy', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      size: { type: 'integer', default: 10 },
      owner: { type: 'string', default: 'qa' },
      options: {
        type: 'object',
        default: {},
        properties: { ssl: { type: 'boolean', default: true }, pool: { type: 'object', properties: { max: { type: 'integer', default: 5 } } } },
      },
      tables: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, rows: { type: 'integer', default: 0 } } } },
    },
    required: ['size'],
  };
  const given = { owner: 'shop', options: { pool: {} }, tables: [{ name: 'orders' }] };
  const verdict = validatePluginParams(schema, given);
  t.same(
    verdict,
    { ok: true, params: { size: 10, owner: 'shop', options: { ssl: true, pool: { max: 5 } }, tables: [{ name: 'orders', rows: 0 }] } },
    'a missing required param with a default is not an error; given values win; nested objects and array items get theirs',
  );
  t.same(given, { owner: 'shop', options: { pool: {} }, tables: [{ name: 'orders' }] }, 'the params given are not changed');
  t.same(validatePluginParams(schema, {}).params, { size: 10, owner: 'qa', options: { ssl: true } }, 'an object left out takes its own default, then its properties theirs');
  t.same(validatePluginParams(schema, verdict.params).params, verdict.params, 'applying them again changes nothing');
  t.match(validatePluginParams({ ...schema, properties: { ...schema.properties, size: { type: 'integer' } } }, {}), { ok: false, errors: [{ path: '/size', message: 'is required' }] }, 'without a default, required stays required');
});

t.test('draft-07 schemas keep draft-07 meaning', async (t) => {
  const tuple = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false };
  t.same(checkJsonSchema(tuple), { ok: true });
  t.same(validateAgainstSchema(tuple, ['a', 1]), { ok: true });
  t.match(validateAgainstSchema(tuple, ['a', 'b']), { ok: false, errors: [{ path: '/1' }] });
});
