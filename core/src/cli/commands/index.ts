// The `nullops` sub-commands core offers (database and key maintenance), in the order `nullops --help`
// lists them. `up` and `ingress` belong to the composition root, @nullops/platform.
import type { Command } from '../command.js';
import { migrateCommand } from './migrate.js';
import { adminCreateCommand } from './admin-create.js';
import { secretsRotateKeyCommand } from './secrets-rotate-key.js';

export const coreCommands: Command[] = [migrateCommand, adminCreateCommand, secretsRotateKeyCommand];
