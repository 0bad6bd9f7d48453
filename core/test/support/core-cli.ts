// Core's own sub-commands as a process (`node core-cli.js secrets rotate-key …`), for tests that run one
// the way a user does; the `nullops` bin itself belongs to @nullops/platform, which core may not import.
import { coreCommands, runCli } from '../../src/cli/index.js';

runCli(coreCommands);
