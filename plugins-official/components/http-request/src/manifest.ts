// The manifest of nullops/http-request; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

export const input = paramsSchema(
  Type.Object(
    {
      method: Type.Union(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => Type.Literal(m)), { title: 'Method', default: 'GET' }),
      url: Type.String({ title: 'URL', description: 'e.g. `${{ services.api.url }}/api/users`.', format: 'uri', pattern: '^https?://', examples: ['http://api:8080/api/users'] }),
      headers: Type.Record(Type.String(), Type.String(), { title: 'Headers', description: 'Request headers. `content-type: application/json` is added when there is a body.', default: {} }),
      bearerToken: Type.Optional(Type.String({ title: 'Bearer token', description: 'Sent as `Authorization: Bearer …`; pick a secret.', writeOnly: true, minLength: 1 })),
      body: Type.Optional(Type.Unknown({ title: 'JSON body', description: 'Any JSON value, sent as the request body.', examples: [{ email: 'qa@example.com', role: 'admin' }] })),
      expectStatus: Type.Optional(Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { title: 'Expected status', description: 'Status codes that count as success. Default: any 2xx.', minItems: 1, examples: [[200, 201, 409]] })),
      extract: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }), Type.String({ pattern: '^(/.*)?$' }), {
        title: 'Extract',
        description: 'Outputs taken from the JSON response: output name → JSON Pointer into the body, e.g. `{"userId": "/id"}`; later steps read `${{ steps.<id>.outputs.userId }}`.',
        default: {},
        examples: [{ userId: '/id', token: '/session/token' }],
      }),
      timeoutSeconds: Type.Number({ title: 'Timeout', description: 'Seconds the request may take.', default: 30, minimum: 0.1, maximum: 3600 }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Object(
  {
    status: Type.Integer({ title: 'Status' }),
    headers: Type.Record(Type.String(), Type.String(), { title: 'Response headers' }),
    body: Type.Unknown({ title: 'Body', description: 'The response body: parsed JSON, or the text when it is not JSON.' }),
  },
  { additionalProperties: true, description: 'Plus one output per `extract` entry.' },
);

export const manifest = officialManifest({
  id: 'http-request',
  version: '1.0.0',
  title: 'HTTP request',
  description: "Sends one HTTP request with an optional JSON body — seeding data through an app's own API — and returns the response, with chosen fields of its JSON as outputs.",
  category: 'http',
  keywords: ['http', 'api', 'seed', 'json', 'request'],
  input,
  output,
  secrets: ['bearerToken'],
  timeoutSeconds: 3660,
  actions: ['run'],
});
