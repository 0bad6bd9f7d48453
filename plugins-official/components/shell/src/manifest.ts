// The manifest of nullops/shell; `npm run generate` writes it to nullops-plugin.json.
import { Type } from '@nullops/sdk';
import { officialManifest } from '../../src/official-manifest.js';
import { paramsSchema } from '../../src/params-schema.js';

const EnvName = '^[A-Za-z_][A-Za-z0-9_]*$';

export const input = paramsSchema(
  Type.Object(
    {
      script: Type.String({
        title: 'Script',
        description: 'A POSIX sh script, run with `sh -e` (it stops at the first failing command). Its output goes to the step log. Write outputs as `name=value` lines to the file `$NULLOPS_OUTPUTS`.',
        minLength: 1,
        examples: ['wget -qO- "$API_URL/healthz"\necho "checked=yes" >> "$NULLOPS_OUTPUTS"'],
      }),
      env: Type.Record(Type.String({ pattern: EnvName }), Type.String(), { title: 'Environment', description: 'Environment variables for the script.', default: {}, examples: [{ API_URL: '${{ services.api.url }}' }] }),
      secretEnv: Type.Record(Type.String({ pattern: EnvName }), Type.String(), { title: 'Secret environment', description: 'Environment variables holding secrets: masked in the log.', default: {}, writeOnly: true }),
    },
    { additionalProperties: false },
  ),
);

export const output = Type.Record(Type.String({ pattern: EnvName }), Type.String(), {
  title: 'Outputs',
  description: 'One output per `name=value` line the script wrote to `$NULLOPS_OUTPUTS` (a later line wins).',
});

export const manifest = officialManifest({
  id: 'shell',
  version: '1.0.0',
  title: 'Shell script',
  description: 'Runs a POSIX sh script in a small fixed image (BusyBox tools — wget, nc, sed, awk, grep, tar, base64 … — and Node.js) inside the deployment network: the escape hatch for what no other component does.',
  category: 'utility',
  keywords: ['shell', 'sh', 'script', 'busybox'],
  input,
  output,
  secrets: ['secretEnv'],
  timeoutSeconds: 600,
  actions: ['run'],
});
