#!/usr/bin/env node
// Writes docs/plugins/cli-reference.md from the `--help` texts of the built `nullops-plugin` commands, so
// the reference cannot drift from the CLI (a test checks it is current). `--check` only compares.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const file = join(root, 'docs', 'plugins', 'cli-reference.md');
const names = ['validate', 'types', 'build', 'run', 'test', 'docs', 'publish'];

export async function cliReference() {
  const sections = [];
  for (const name of names) {
    const module = await import(join(root, 'sdk', 'plugin-sdk', 'dist', 'src', 'cli', 'commands', `${name}.js`));
    sections.push(`## nullops-plugin ${name}\n\n\`\`\`\n${module[name].help}\n\`\`\`\n`);
  }
  return `# \`nullops-plugin\` reference\n\n<!-- Generated from the commands' --help by sdk/plugin-sdk/scripts/generate-cli-reference.mjs. Do not edit. -->\n\nThe command of \`@nullops/sdk\` (\`npx nullops-plugin <command>\`). Every command prints this text with \`--help\`.\n\n${sections.join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await cliReference();
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== text) {
      console.error('docs/plugins/cli-reference.md is stale: run `node sdk/plugin-sdk/scripts/generate-cli-reference.mjs`.');
      process.exit(1);
    }
  } else {
    writeFileSync(file, text);
    console.error(`wrote ${file}`);
  }
}
