// The manifest of nullops/http-wait; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

export const input = paramsSchema(
  Type.Object(
    {
      url: Type.String({ title: 'URL', description: 'What to ask, e.g. `${{ services.api.url }}/healthz`.', format: 'uri', pattern: '^https?://', examples: ['http://api:8080/healthz'] }),
      method: Type.Union([Type.Literal('GET'), Type.Literal('HEAD')], { title: 'Method', default: 'GET' }),
      headers: Type.Record(Type.String(), Type.String(), { title: 'Headers', description: 'Request headers.', default: {} }),
      expectStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { title: 'Expected status', description: 'Status codes that mean ready. Default: any 2xx.', minItems: 1, examples: [[200, 204]] })),
      bodyContains: Type.Optional(Type.String({ title: 'Body contains', description: 'Ready only when the response body contains this text.', minLength: 1 })),
      intervalSeconds: Type.Number({ title: 'Interval', description: 'Seconds between attempts.', default: 2, minimum: 0.1, maximum: 300 }),
      timeoutSeconds: Type.Number({ title: 'Timeout', description: 'Seconds to wait before failing. Keep it below the step timeout (manifest: 660 s).', default: 120, minimum: 1, maximum: 3600 }),
      requestTimeoutSeconds: Type.Number({ title: 'Request timeout', description: 'Seconds one attempt may take.', default: 5, minimum: 0.1, maximum: 300 }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Object(
  {
    status: Type.Integer({ title: 'Status', description: 'The status of the answer that counted as ready.' }),
    attempts: Type.Integer({ title: 'Attempts' }),
    seconds: Type.Number({ title: 'Seconds waited' }),
  },
  { additionalProperties: false },
);

export const manifest = officialManifest({
  id: 'http-wait',
  version: '1.0.0',
  title: 'Wait for HTTP',
  description: 'Waits until a URL answers with an expected status (and, optionally, body text), trying every interval until a timeout.',
  category: 'wait',
  keywords: ['http', 'wait', 'health', 'readiness'],
  input,
  output,
  timeoutSeconds: 660,
  actions: ['run'],
});
