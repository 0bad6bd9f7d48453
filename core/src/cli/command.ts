// The shape of one `nullops` sub-command: its name, one-line summary, help text and what it runs.
export interface Command {
  /** e.g. "up", "migrate", "admin create" */
  name: string;
  summary: string;
  /** Full help text shown by `nullops <name> --help`. */
  help: string;
  /** Resolves with the process exit code. */
  run(args: string[]): Promise<number>;
}
