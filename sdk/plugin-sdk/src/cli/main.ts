#!/usr/bin/env node
// nullops-plugin — the life of a NullOps component plugin: validate, types, build, run, test, docs,
// publish. Each command has --help; exit codes 0 (done), 1 (the plugin or a server said no), 2 (usage,
// or something needed is missing). Never a stack trace for an expected failure.
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from './cli-error.js';
import { printHelp, say, type Command } from './command.js';

// Each command loads only what it needs (Docker client, Ajv, json-schema-to-typescript), on demand.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: { summary: 'check nullops-plugin.json and the fixtures against the contract', load: async () => (await import('./commands/validate.js')).validate },
  types: { summary: 'generate TypeScript types for params and outputs from the manifest', load: async () => (await import('./commands/types.js')).types },
  build: { summary: 'build the plugin image, with the manifest as its label', load: async () => (await import('./commands/build.js')).build },
  run: { summary: 'run the built image once with an input file, as the agent would', load: async () => (await import('./commands/run.js')).run },
  test: { summary: 'run every fixture against the built image and compare', load: async () => (await import('./commands/test.js')).test },
  docs: { summary: "regenerate README.md's params and outputs tables from the schemas", load: async () => (await import('./commands/docs.js')).docs },
  publish: { summary: 'push the image and publish to a plugin registry, or install into a control plane', load: async () => (await import('./commands/publish.js')).publish },
};

const HELP = `Usage: nullops-plugin <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`).join('\n')}

Run \`nullops-plugin <command> --help\` for a command's options. Start a new plugin with
\`npm create nullops-plugin@latest my-step\`; the guide is docs/plugins/ (https://nullops.dev/docs/plugins).`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name) printHelp(HELP);
    else say(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    say(`Unknown command "${name}".\n\n${HELP}`);
    return EXIT.usage;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      say(`✘ ${error.message}`);
      process.exitCode = error.exitCode;
      return;
    }
    say(`✘ unexpected failure: ${(error as Error)?.message ?? String(error)}\nPlease report it with the command you ran.`);
    process.exitCode = EXIT.failed;
  },
);
