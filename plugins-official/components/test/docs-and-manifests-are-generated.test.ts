// Each official plugin's nullops-plugin.json and the params/outputs tables of its docs page are what its
// TypeScript manifest generates (`npm run generate -w @nullops/components`), and every manifest is one
// the catalog would install.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkContract, PluginManifest } from '@nullops/core/contracts';
import { checkJsonSchema } from '@nullops/core/pipeline';
import { OFFICIAL_PLUGINS } from '../src/official-plugins.js';
import { docsPagePath, manifestFileText } from '../src/docs/generated-files.js';
import { schemaTables, withTables } from '../src/docs/schema-tables.js';

const regenerate = 'run `npm run build && npm run generate -w @nullops/components` and commit the result';

for (const plugin of OFFICIAL_PLUGINS) {
  t.test(plugin.manifest.name, async (t) => {
    t.equal(plugin.manifest.name, `nullops/${plugin.id}`, 'scope nullops/, named after its folder');
    const file = join(plugin.dir, 'nullops-plugin.json');
    t.equal(readFileSync(file, 'utf8'), manifestFileText(plugin), `nullops-plugin.json is current (${regenerate})`);
    t.ok(checkContract(PluginManifest, plugin.manifest).ok, 'the manifest matches the contract');
    for (const key of ['input', 'output'] as const) t.ok(checkJsonSchema(plugin.manifest[key]).ok, `${key} is a valid JSON Schema`);
    const properties = plugin.manifest.input.properties as Record<string, { writeOnly?: boolean }>;
    for (const secret of (plugin.manifest.secrets as string[] | undefined) ?? []) t.equal(properties[secret]?.writeOnly, true, `secret param ${secret} is writeOnly`);
    const page = docsPagePath(plugin);
    t.ok(existsSync(page), `${page} exists`);
    const text = readFileSync(page, 'utf8');
    t.equal(withTables(text, schemaTables(plugin.manifest.input, plugin.manifest.output)), text, `the docs tables are current (${regenerate})`);
    for (const name of Object.keys(properties)) t.match(text, `| \`${name}\` |`, `the page documents param ${name}`);
    t.ok(existsSync(join(plugin.dir, 'Dockerfile')) && /ARG BASE_IMAGE=/.test(readFileSync(join(plugin.dir, 'Dockerfile'), 'utf8')), 'the Dockerfile takes BASE_IMAGE');
  });
}

t.test('the postgres-create-db url output is a secret', async (t) => {
  const plugin = OFFICIAL_PLUGINS.find((p) => p.id === 'postgres-create-db')!;
  t.equal((plugin.manifest.output.properties as Record<string, { writeOnly?: boolean }>).url.writeOnly, true);
});
