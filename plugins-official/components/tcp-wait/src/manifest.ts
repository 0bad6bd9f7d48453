// The manifest of nullops/tcp-wait; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

export const input = paramsSchema(
  Type.Object(
    {
      host: Type.String({ title: 'Host', description: 'Host name or address, e.g. `${{ services.db.host }}`.', minLength: 1, examples: ['db'] }),
      port: Type.Integer({ title: 'Port', description: 'TCP port, e.g. `${{ services.db.ports.postgres }}`.', minimum: 1, maximum: 65535, examples: [5432] }),
      intervalSeconds: Type.Number({ title: 'Interval', description: 'Seconds between attempts.', default: 1, minimum: 0.1, maximum: 300 }),
      timeoutSeconds: Type.Number({ title: 'Timeout', description: 'Seconds to wait before failing. Keep it below the step timeout (manifest: 660 s).', default: 120, minimum: 1, maximum: 3600 }),
      connectTimeoutSeconds: Type.Number({ title: 'Connect timeout', description: 'Seconds one connection attempt may take.', default: 3, minimum: 0.1, maximum: 60 }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Object(
  {
    attempts: Type.Integer({ title: 'Attempts' }),
    seconds: Type.Number({ title: 'Seconds waited' }),
  },
  { additionalProperties: false },
);

export const manifest = officialManifest({
  id: 'tcp-wait',
  version: '1.0.0',
  title: 'Wait for TCP',
  description: 'Waits until a TCP port accepts connections, trying every interval until a timeout.',
  category: 'wait',
  keywords: ['tcp', 'port', 'wait', 'readiness'],
  input,
  output,
  timeoutSeconds: 660,
  actions: ['run'],
});
