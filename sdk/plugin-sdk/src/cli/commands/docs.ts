import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramsTable, PARAMS_END, PARAMS_START, replaceParamsTable } from '../../docs/params-table.js';
import { CliError, EXIT } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { loadPluginProject } from '../plugin-project.js';

export const docs: Command = {
  name: 'docs',
  help: `Usage: nullops-plugin docs [--dir DIR] [--check]

Rewrites the part of README.md between
  ${PARAMS_START}
  ${PARAMS_END}
with tables of the manifest's params (input) and outputs, generated from the schemas.

Options:
  --check     change nothing; exit 1 when the README's tables are stale
  --dir DIR   the plugin project (default: .)
  -h, --help  this help

Exit codes: 0 written (or up to date), 1 stale (--check) or no markers, 2 usage.`,
  async run(argv) {
    const { values } = parseFlags('docs', argv, { check: { type: 'boolean' } });
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    const { dir, manifest } = loadPluginProject(values.dir as string);
    const file = join(dir, 'README.md');
    const text = readFileSync(file, 'utf8');
    const updated = replaceParamsTable(text, `\n#### Params\n\n${paramsTable(manifest.input)}\n#### Outputs\n\n${paramsTable(manifest.output, 'Output')}\n`);
    if (updated === undefined) throw new CliError(`README.md has no params markers: add the lines\n${PARAMS_START}\n${PARAMS_END}\nwhere the tables belong.`);
    if (updated === text) {
      say('✔ README.md tables are up to date');
      return EXIT.ok;
    }
    if (values.check) {
      say('✘ README.md tables are stale: run `nullops-plugin docs`');
      return EXIT.failed;
    }
    writeFileSync(file, updated);
    say('✔ README.md tables regenerated');
    return EXIT.ok;
  },
};
