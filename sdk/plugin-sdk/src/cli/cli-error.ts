// How a `nullops-plugin` command fails: a message that says what to do next and an exit code —
// 1 when the plugin (or what a server said about it) is wrong, 2 when the command was used wrongly or
// something it needs (a file, Docker, a server) is missing.

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = EXIT.failed,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);
