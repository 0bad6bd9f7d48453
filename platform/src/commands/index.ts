// Every `nullops` sub-command, in the order `nullops --help` lists them: `up` and `ingress` compose the
// platform; the others are core's database and key maintenance.
import { coreCommands, type Command } from '@nullops/core/cli';
import { upCommand } from './up.js';
import { ingressCommand } from './ingress.js';

export const commands: Command[] = [upCommand, ...coreCommands, ingressCommand];
