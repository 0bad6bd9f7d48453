// Every `nullops` sub-command, in the order `nullops --help` lists them.
import type { Command } from '../command.js';
import { upCommand } from './up.js';
import { migrateCommand } from './migrate.js';
import { ingressCommand } from './ingress.js';
import { adminCreateCommand } from './admin-create.js';
import { secretsRotateKeyCommand } from './secrets-rotate-key.js';

export const commands: Command[] = [upCommand, migrateCommand, adminCreateCommand, secretsRotateKeyCommand, ingressCommand];
