#!/usr/bin/env node
// nullops-registry: runs the plugin registry (`serve`, the default) and the registry admin's commands
// (`publisher create|official|token`), with core's command-line conventions (--help, exit codes 0/1/2,
// one-line errors).
import { runCli } from '@nullops/core/cli';
import { registryCommands } from './cli/commands.js';

runCli(registryCommands, process.argv.slice(2), { name: 'nullops-registry', title: 'the NullOps plugin registry', defaultCommand: 'serve' });
