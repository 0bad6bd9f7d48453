// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The settings table of docs/configuration.md is generated from the Config schema, never written by hand:
// it must equal what the schema generates now (run `npm run docs:config` after changing a setting).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { Config } from '../src/kernel/config.js';
import { withConfigTable } from '../src/kernel/config-reference.js';

t.test('the committed settings table matches the Config schema', async (t) => {
  const committed = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  t.ok(withConfigTable(committed) === committed, 'docs/configuration.md is current; run `npm run docs:config` and commit it if this fails');
  const envs = JSON.stringify(Config).match(/"env":"[A-Z_]+"/g) ?? [];
  t.ok(envs.length > 10, 'the schema names its environment variables');
  for (const env of envs) t.ok(committed.includes(`\`${env.slice(7, -1)}\``), `${env.slice(7, -1)} is documented`);
});
