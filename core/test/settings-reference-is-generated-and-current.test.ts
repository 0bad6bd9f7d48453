// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The settings table in docs/configuration.md is generated from the Config schema, never written by
// hand: it must equal what the schema generates now (run `npm run docs:settings` after changing settings).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { withSettingsTable } from '../src/kernel/settings-reference.js';

t.test('the committed settings reference matches the Config schema', async (t) => {
  const committed = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  t.ok(withSettingsTable(committed) === committed, 'docs/configuration.md is current; run `npm run docs:settings` and commit it if this fails');
  for (const setting of ['`NULLOPS_STUDIO_DIR` | `studioDir`', '`NULLOPS_REGISTRY_PORT` | `registryPort`', '`NULLOPS_AUTH_DRIVER` | `drivers.auth`']) t.ok(committed.includes(`| ${setting} |`), `${setting} is documented`);
});
