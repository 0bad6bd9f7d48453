// docs/plugins/cli-reference.md is generated from the commands' --help; it must match the built CLI.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/generate-cli-reference.mjs', import.meta.url));
const page = fileURLToPath(new URL('../../../../docs/plugins/cli-reference.md', import.meta.url));

t.test('the CLI reference page matches every command’s --help', async (t) => {
  const { cliReference } = (await import(script)) as { cliReference: () => Promise<string> };
  t.equal(readFileSync(page, 'utf8'), await cliReference(), 'run `node sdk/plugin-sdk/scripts/generate-cli-reference.mjs` after changing a --help text');
});
