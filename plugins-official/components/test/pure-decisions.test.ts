// The pure parts of the official plugins: splitting SQL into statements, positions in it, picking a
// service's PostgreSQL port, JSON Pointers, the shell's output lines, the generated docs tables.
import t from 'tap';
import { lineAndColumn, splitStatements } from '../sql-exec/src/split-statements.js';
import { describeFailure } from '../sql-exec/src/plugin.js';
import { pickPort, connectionUrl } from '../postgres-create-db/src/database-statements.js';
import { lookupPointer } from '../http-request/src/json-pointer.js';
import { parseOutputLines } from '../shell/src/output-lines.js';
import { schemaTables, typeOf } from '../src/docs/schema-tables.js';

t.test('SQL splits at the semicolons that end statements', async (t) => {
  const sql = "-- header; not a statement\nINSERT INTO a VALUES ('x;y', E'it\\'s;', \"odd;name\");\n/* a; /* nested; */ comment */ CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nSELECT $$;$$ ;  ;\n-- trailing comment";
  const statements = splitStatements(sql);
  t.same(
    statements.map((s) => s.text),
    ["-- header; not a statement\nINSERT INTO a VALUES ('x;y', E'it\\'s;', \"odd;name\")", '/* a; /* nested; */ comment */ CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql', 'SELECT $$;$$'],
  );
  t.equal(lineAndColumn(sql, statements[1].offset).line, 3, 'each statement knows its line');
  t.same(splitStatements('  -- only a comment\n'), [], 'comments alone are no statement');
});

t.test('a failure names the statement, its line and the position in it', async (t) => {
  const sql = 'SELECT 1;\nSELECT\n  nope;';
  const message = describeFailure(splitStatements(sql), 1, { message: 'column "nope" does not exist', position: '10' }, sql);
  t.match(message, 'statement 2 of 2 (line 2 of the SQL, at line 2, column 3 of the statement) failed: column "nope" does not exist');
  t.match(message, 'Nothing was committed.');
});

t.test("a service's PostgreSQL port", async (t) => {
  t.same(pickPort({ postgres: 5432 }, undefined), { port: 5432 });
  t.same(pickPort({ http: 8080, pg: 5433 }, undefined), { port: 5433 });
  t.same(pickPort({ a: 1, b: 2 }, 'b'), { port: 2 });
  t.match(pickPort({ a: 1, b: 2 }, undefined), { error: /several ports \(a, b\): name the PostgreSQL one/ });
  t.match(pickPort({ a: 1 }, 'pg'), { error: 'has no port named "pg" (it has: a)' });
  t.equal(connectionUrl({ host: 'db', port: 5432, database: 'shop', username: 'shop', password: 'p@ss/w:rd' }), 'postgres://shop:p%40ss%2Fw%3Ard@db:5432/shop', 'the password is URL-encoded');
});

t.test('JSON Pointers into a response', async (t) => {
  const doc = { a: { 'b/c': [10, { d: null }] } };
  t.same(lookupPointer(doc, '/a/b~1c/1/d'), { found: true, value: null });
  t.same(lookupPointer(doc, ''), { found: true, value: doc });
  t.same(lookupPointer(doc, '/a/b~1c/2'), { found: false });
  t.same(lookupPointer(doc, '/a/x'), { found: false });
});

t.test("the shell's output lines", async (t) => {
  t.same(parseOutputLines('a=1\n# note\n\nb=x=y\na=2\n'), { outputs: { a: '2', b: 'x=y' } });
  t.same(parseOutputLines('ok=1\nnot a line\n'), { error: 'line 2 of $NULLOPS_OUTPUTS is not name=value: "not a line"' });
});

t.test('docs tables from a schema', async (t) => {
  t.equal(typeOf({ anyOf: [{ const: 'GET' }, { const: 'HEAD' }] }), '`"GET"` or `"HEAD"`');
  t.equal(typeOf({ type: 'object', patternProperties: { '^.*$': { type: 'string' } } }), 'map of name → string');
  const tables = schemaTables({ type: 'object', required: ['url'], properties: { url: { type: 'string', writeOnly: true, title: 'URL', description: 'Where.' }, n: { type: 'integer', default: 3, minimum: 1 } } }, { type: 'object', properties: { ok: { type: 'boolean' } } });
  t.match(tables, '| `url` | string | yes |  | secret | **URL.** Where. |');
  t.match(tables, '| `n` | integer | no | `3` |  | (1 to …) |');
  t.match(tables, '| `ok` | boolean |  |  |');
});
