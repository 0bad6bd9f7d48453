// @nullops/sdk/runner — the one plugin runner: the agent runs deployment steps with it, and
// `nullops-plugin run`/`test` run a plugin on a developer's machine with it.
export { invokePlugin, type InvocationResult, type PluginInvocation } from './invoke-plugin.js';
export { pluginContainerSpec, resourceLimits, type PluginContainerPlace } from './plugin-container-spec.js';
export { runPluginContainer, type PluginContainerOutcome, type PluginContainerRun } from './plugin-container.js';
export { judgePluginResult, type PluginVerdict } from './plugin-verdict.js';
export { MultiplexedLineReader, type LineSink, type LogStreamName } from './multiplexed-lines.js';
