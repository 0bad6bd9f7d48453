// One invocation from the stdin text to the one result document and exit code: checks the envelope and
// its apiVersion, defaults and validates params with the shared validator (`@nullops/core/pipeline`),
// dispatches on the action, checks outputs against the manifest and maps every failure to
// `{ error: { code, message } }`. No process I/O here: `definePlugin` is the edge.
import { checkContract, COMPONENT_API_VERSION, InvocationEnvelope, PluginErrorCode } from '@nullops/core/contracts';
import { validateAgainstSchema, validatePluginParams } from '@nullops/core/pipeline';
import type { PluginContext, PluginDefinition } from './plugin-definition.js';
import { PLUGIN_EXIT, PluginError } from './plugin-error.js';
import type { PluginLog } from './plugin-log.js';

export type ResultDocument = { outputs: Record<string, unknown> } | { error: { code: string; message: string } };

export interface InvocationOutcome {
  exitCode: number;
  document: ResultDocument;
}

/** Error codes the SDK itself reports (besides those of `PluginErrorCode` and the plugin's own). */
export const SDK_ERROR_CODES = {
  envelopeInvalid: 'ENVELOPE_INVALID',
  apiVersion: 'API_VERSION_UNSUPPORTED',
  actionUnsupported: 'ACTION_UNSUPPORTED',
  unexpected: 'PLUGIN_ERROR',
} as const;

function failure(exitCode: number, code: string, message: string): InvocationOutcome {
  return { exitCode, document: { error: { code, message } } };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = PluginDefinition<any, any, any, any>;

export async function handleInvocation(definition: AnyDefinition, stdin: string, signal: AbortSignal, log: PluginLog): Promise<InvocationOutcome> {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch {
    return failure(PLUGIN_EXIT.badInput, SDK_ERROR_CODES.envelopeInvalid, stdin.trim() ? 'stdin is not one JSON document: a plugin expects the invocation envelope of PLUGIN-CONTRACT.md on stdin.' : 'stdin was empty: a plugin expects the invocation envelope of PLUGIN-CONTRACT.md on stdin (try `nullops-plugin run --input fixtures/<name>.input.json`).');
  }
  const version = (raw as { apiVersion?: unknown } | null)?.apiVersion;
  if (version !== COMPONENT_API_VERSION) {
    return failure(PLUGIN_EXIT.badInput, SDK_ERROR_CODES.apiVersion, `envelope apiVersion ${JSON.stringify(version)} is not supported; this plugin speaks "${COMPONENT_API_VERSION}". Upgrade the plugin (and @nullops/sdk) or the agent so both speak the same contract version.`);
  }
  const envelope = checkContract(InvocationEnvelope, raw);
  if (!envelope.ok) {
    return failure(PLUGIN_EXIT.badInput, SDK_ERROR_CODES.envelopeInvalid, `the envelope does not match the contract: ${envelope.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  const { action, context } = envelope.value;
  const input = definition.manifest.input as Record<string, unknown>;
  // The shared validator applies the schema's defaults: `run` sees the params the manifest promises.
  const checked = validatePluginParams(input, envelope.value.params);
  const params = checked.params;
  if (!checked.ok) {
    return failure(PLUGIN_EXIT.badInput, PluginErrorCode.badParams, `params do not match the input schema of ${definition.manifest.name}@${definition.manifest.version}: ${checked.message}`);
  }
  const stepId = context.idempotencyKey.split('/').pop() ?? '';
  const pluginContext: PluginContext = { ...context, action, stepId, signal };
  try {
    if (action === 'run') {
      const outputs = (await definition.run(params, pluginContext, log)) ?? {};
      const valid = validateAgainstSchema(definition.manifest.output as Record<string, unknown>, outputs);
      if (!valid.ok) return failure(PLUGIN_EXIT.failed, PluginErrorCode.badOutput, `run returned outputs that do not match the output schema: ${valid.message}`);
      return { exitCode: PLUGIN_EXIT.ok, document: { outputs: outputs as Record<string, unknown> } };
    }
    if (!definition.rollback) {
      return failure(PLUGIN_EXIT.badInput, SDK_ERROR_CODES.actionUnsupported, `${definition.manifest.name} has no rollback; remove "rollback" from the manifest's actions or pass a rollback function to definePlugin.`);
    }
    await definition.rollback(params, context.outputs[stepId] ?? {}, pluginContext, log);
    return { exitCode: PLUGIN_EXIT.ok, document: { outputs: {} } };
  } catch (error) {
    if (error instanceof PluginError) return failure(error.exitCode, error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof Error && error.stack) log.debug(error.stack);
    return failure(PLUGIN_EXIT.failed, SDK_ERROR_CODES.unexpected, `${action} failed: ${message}`);
  }
}
