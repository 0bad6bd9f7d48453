#!/usr/bin/env node
// `nullops` — the command line (`npm start` runs `nullops up`).
import { runCli } from '@nullops/core/cli';
import { commands } from './commands/index.js';

runCli(commands);
