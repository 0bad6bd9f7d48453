// The plugin's entrypoint: `definePlugin` reads the invocation from stdin, checks and defaults the
// params, calls run (or rollback), and prints the one result document (PLUGIN-CONTRACT.md).
import { definePlugin, PluginError } from '@nullops/sdk';
import manifestFile from '../nullops-plugin.json' with { type: 'json' };
import { greet } from './greet.js';
import { Outputs, Params } from './schema.js';

definePlugin({
  // nullops-plugin.json holds name, version, image…; input and output come from src/schema.ts.
  manifest: { ...manifestFile, input: Params, output: Outputs },
  async run(params, context, log) {
    log.info(`greeting ${params.name} in deployment ${context.deployment.name}`);
    if (params.name.trim() === '') throw new PluginError('NAME_BLANK', 'name is only spaces: give someone to greet');
    return greet(params as Required<typeof params>);
  },
  async rollback(params, outputs, _context, log) {
    // Undo what run did outside the deployment's containers (a user in an external system, say).
    log.info(`nothing to undo for "${outputs.message ?? params.name}"`);
  },
});
