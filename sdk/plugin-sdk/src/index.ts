// @nullops/sdk — write a NullOps component plugin (PLUGIN-CONTRACT.md):
//   import { definePlugin, PluginError, Type } from '@nullops/sdk';
//   definePlugin({ manifest, run: async (params, context, log) => ({ …outputs }), rollback });
// The plugin runner the agent uses is `@nullops/sdk/runner`; the contract's JSON Schema files are
// under `@nullops/sdk/schemas/*.json`.
export { definePlugin } from './plugin/define-plugin.js';
export { handleInvocation, SDK_ERROR_CODES, type InvocationOutcome, type ResultDocument } from './plugin/handle-invocation.js';
export type { ManifestOf, PluginContext, PluginDefinition, SchemaValue } from './plugin/plugin-definition.js';
export { PluginError, PLUGIN_EXIT } from './plugin/plugin-error.js';
export { createPluginLog, LOG_LEVELS, type LogLevel, type PluginLog } from './plugin/plugin-log.js';
export { COMPONENT_API_VERSION, PluginErrorCode, type InvocationContext, type InvocationEnvelope, type PluginManifest } from '@nullops/core/contracts';
export { Type, type Static, type TSchema } from '@sinclair/typebox';
export { paramsTable, replaceParamsTable, PARAMS_START, PARAMS_END } from './docs/params-table.js';
