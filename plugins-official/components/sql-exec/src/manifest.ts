// The manifest of nullops/sql-exec; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

export const input = paramsSchema(
  Type.Object(
    {
      url: Type.String({ title: 'Connection URL', description: '`postgres://user:password@host:port/database`, often `${{ steps.<id>.outputs.url }}` of a postgres-create-db step.', writeOnly: true, pattern: '^postgres(ql)?://', examples: ['${{ steps.database.outputs.url }}'] }),
      sql: Type.Optional(Type.String({ title: 'SQL', description: 'SQL text; statements end with `;`. Give this or `statements`.', minLength: 1, examples: ['CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL);'] })),
      statements: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { title: 'Statements', description: 'A list of statements, run in order. Give this or `sql`.', minItems: 1 })),
      waitSeconds: Type.Integer({ title: 'Wait for the server', description: 'How long to wait for the server to accept connections, in seconds.', default: 30, minimum: 0, maximum: 3600 }),
    },
    { additionalProperties: false, oneOf: [{ required: ['sql'] }, { required: ['statements'] }] },
  ),
);

export const output = Type.Object(
  {
    statements: Type.Integer({ title: 'Statements', description: 'How many statements ran (all in one transaction).' }),
    rowCount: Type.Integer({ title: 'Rows affected', description: 'Rows inserted, updated, deleted or returned, over all statements.' }),
    rows: Type.Array(Type.Record(Type.String(), Type.Unknown()), { title: 'Rows', description: 'The rows the last row-returning statement returned (at most 100).' }),
  },
  { additionalProperties: false },
);

export const manifest = officialManifest({
  id: 'sql-exec',
  version: '1.0.0',
  title: 'Run SQL',
  description: 'Runs SQL text or a list of statements against a PostgreSQL connection URL in one transaction: all of it happens, or none. A failure names the statement and its position.',
  category: 'database',
  keywords: ['postgres', 'postgresql', 'sql', 'migration', 'seed'],
  input,
  output,
  secrets: ['url'],
  timeoutSeconds: 300,
  actions: ['run'],
});
