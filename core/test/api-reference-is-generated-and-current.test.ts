// docs/api-reference.md is generated from the route schemas and declarations, never written by hand: it
// must equal what the running control plane generates now (run `npm run docs:api` after changing routes).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { API_REFERENCE_SETTINGS, renderApiReference } from '../src/kernel/api-reference.js';
import { createControlPlane } from '../src/kernel/app.js';
import { loadConfig } from '../src/kernel/config.js';
import { freshDatabase } from './support/database.js';

t.test('the committed API reference matches the routes', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.drop());
  const controlPlane = await createControlPlane(loadConfig({}, { ...API_REFERENCE_SETTINGS, databaseUrl: database.url }), { logger: false });
  t.teardown(() => controlPlane.close());
  const generated = renderApiReference(controlPlane.app.swagger(), controlPlane.app.apiRoutes);
  const committed = readFileSync(new URL('../../../docs/api-reference.md', import.meta.url), 'utf8');
  t.ok(generated === committed, 'docs/api-reference.md is current; run `npm run docs:api` and commit it if this fails');
  for (const route of controlPlane.app.apiRoutes) {
    if (route.method === 'HEAD') continue;
    t.ok(committed.includes(`\`${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}\``), `${route.method} ${route.url} is documented`);
  }
});
