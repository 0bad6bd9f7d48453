// The shape of one `nullops-plugin` command and the argument parsing they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error.js';

export interface Command {
  name: string;
  /** The full `--help` text. */
  help: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags (every command takes --dir and --help); unknown flags are a usage error naming the help. */
export function parseFlags(command: string, argv: string[], options: Options, positionals = false): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args: argv, options: { dir: { type: 'string', default: '.' }, help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message}\nRun \`nullops-plugin ${command} --help\` for its options.`);
  }
}

/** Writes a line for the person at the terminal (stderr: stdout is kept for results). */
export const say = (line: string) => process.stderr.write(`${line}\n`);

/** Help goes to stdout, so `nullops-plugin build --help | less` works. */
export const printHelp = (text: string) => process.stdout.write(`${text}\n`);
