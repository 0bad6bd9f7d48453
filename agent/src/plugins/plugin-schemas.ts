// Checks a plugin's resolved params against its manifest's `input` and its stdout against `output`
// (PLUGIN-CONTRACT.md): one Ajv configuration, validators cached per schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { checkContract, PluginResult } from '@nullops/core/contracts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateSchema: false }));
const cache = new Map<string, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const { $schema: _ignored, ...rest } = schema;
  const key = JSON.stringify(rest);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(rest);
    cache.set(key, validate);
  }
  return validate;
}

export function checkAgainstSchema(schema: Record<string, unknown>, value: unknown): { ok: true } | { ok: false; message: string } {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema);
  } catch (error) {
    return { ok: false, message: `schema cannot be compiled: ${(error as Error).message}` };
  }
  if (validate(value)) return { ok: true };
  return { ok: false, message: ajv.errorsText(validate.errors, { dataVar: 'value' }) };
}

export type PluginVerdict =
  | { ok: true; outputs: Record<string, unknown> }
  | { ok: false; code: 'PLUGIN_FAILED' | 'PLUGIN_BAD_OUTPUT'; message: string };

/**
 * What one plugin run amounts to, from its exit code and stdout (PLUGIN-CONTRACT.md, "One run", 4).
 * `outputSchema` null (a rollback) means only the exit code counts.
 */
export function judgePluginResult(exitCode: number, stdout: string, outputSchema: Record<string, unknown> | null): PluginVerdict {
  let parsed: unknown;
  try {
    parsed = stdout.trim() ? JSON.parse(stdout) : undefined;
  } catch {
    parsed = undefined;
  }
  if (exitCode !== 0) {
    const failure = parsed && typeof parsed === 'object' && 'error' in parsed ? (parsed as { error: { message?: unknown; code?: unknown } }).error : undefined;
    const message = typeof failure?.message === 'string' ? failure.message : `plugin exited with code ${exitCode}`;
    return { ok: false, code: 'PLUGIN_FAILED', message: typeof failure?.code === 'string' ? `${failure.code}: ${message}` : message };
  }
  if (outputSchema === null) return { ok: true, outputs: {} };
  const result = checkContract(PluginResult, parsed);
  if (!result.ok || !('outputs' in result.value)) return { ok: false, code: 'PLUGIN_BAD_OUTPUT', message: 'plugin exited 0 without a valid {"outputs": {…}} document on stdout' };
  const outputs = result.value.outputs;
  const checked = checkAgainstSchema(outputSchema, outputs);
  if (!checked.ok) return { ok: false, code: 'PLUGIN_BAD_OUTPUT', message: `outputs do not match the manifest's output schema: ${checked.message}` };
  return { ok: true, outputs };
}
