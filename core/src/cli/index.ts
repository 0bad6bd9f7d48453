// @nullops/core/cli — what a `nullops` bin is made of: core's own sub-commands, the command shape, and
// the runner that dispatches argv to them. @nullops/platform adds `up` and `ingress` and owns the bin.
export type { Command } from './command.js';
export { coreCommands } from './commands/index.js';
export { runCli, type Program } from './run.js';
