// Migrations build the schema on an empty database; a second run finds nothing to do and changes nothing.
import t from 'tap';
import pg from 'pg';
import { connectDatabase, migrate, pendingMigrations } from '../src/db/database.js';
import { migrationsList } from '../src/db/migrations/index.js';
import { freshDatabase } from './support/database.js';

async function schemaSnapshot(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' order by table_name, column_name`,
    );
    return JSON.stringify(rows);
  } finally {
    await client.end();
  }
}

t.test('migrations apply on an empty database and a second run changes nothing', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.drop());

  const orm = await connectDatabase(database.url);
  t.teardown(() => orm.close());
  t.same(await pendingMigrations(orm), migrationsList.map((m) => m.name), 'every committed migration is pending on an empty database');

  const first = await migrate(orm);
  t.same(first, migrationsList.map((m) => m.name), 'the first run applies all of them, in order');
  const afterFirst = await schemaSnapshot(database.url);
  t.match(afterFirst, /"table_name":"setting"/, 'the foundation table exists');

  const second = await migrate(orm);
  t.same(second, [], 'the second run applies nothing');
  t.equal(await schemaSnapshot(database.url), afterFirst, 'and the schema is unchanged');
  t.same(await pendingMigrations(orm), []);

  // The entities (and their shared base columns) name exactly the tables and columns the migrations made:
  // the ORM's own diff would create, add or drop none. (It still differs in types, defaults and indexes,
  // which the hand-written migrations own.)
  const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
  const structural = diff.split('\n').filter((line) => /create table|drop table|add column|drop column/i.test(line));
  t.same(structural, [], 'no table or column is missing on either side');
});
