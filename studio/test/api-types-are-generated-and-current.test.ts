// studio/src/api/generated.ts — the shapes the studio reads and sends — is generated from the control
// plane's route schemas, never written by hand: it must equal what the running control plane generates
// now (run `npm run api-types -w studio` after changing routes).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { startTestControlPlane } from '@nullops/core/testing';
import { renderApiTypes, routeSchemas, type OpenApiDocument } from '../lib/api-types.js';

t.test('the committed API types match the routes', async (t) => {
  const tcp = await startTestControlPlane({});
  t.teardown(() => tcp.close());
  const document = (tcp.app as unknown as { swagger(): OpenApiDocument }).swagger();
  const committed = readFileSync(new URL('../../src/api/generated.ts', import.meta.url), 'utf8');
  t.ok((await renderApiTypes(document)) === committed, 'studio/src/api/generated.ts is current; run `npm run api-types -w studio` and commit it if this fails');
  const { responses } = routeSchemas(document);
  for (const route of ['GET /deployments/{id}', 'GET /auth/methods', 'GET /plugins', 'GET /nodes/{id}']) t.ok(route in responses && committed.includes(`"${route}": {`), `${route} has its generated shape`);
});
