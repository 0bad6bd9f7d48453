// What one plugin run amounts to, from its exit code and stdout (docs/plugin-contract.md, "One run", 4); the
// outputs are checked against the manifest's `output` with the shared validator from `@nullops/core/pipeline`.
import { checkContract, PluginErrorCode, PluginResult } from '@nullops/core/contracts';
import { validateAgainstSchema } from '@nullops/core/pipeline';

export type PluginVerdict =
  | { ok: true; outputs: Record<string, unknown> }
  | { ok: false; code: 'PLUGIN_FAILED' | 'PLUGIN_BAD_OUTPUT' | 'PLUGIN_TIMEOUT'; message: string };

/** `outputSchema` null (a rollback) means only the exit code counts. */
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
    // A plugin that stopped itself at its deadline (the SDK does, a moment before the runner's own timer) timed out.
    if (failure?.code === PluginErrorCode.timeout) return { ok: false, code: PluginErrorCode.timeout, message };
    return { ok: false, code: 'PLUGIN_FAILED', message: typeof failure?.code === 'string' ? `${failure.code}: ${message}` : message };
  }
  if (outputSchema === null) return { ok: true, outputs: {} };
  const result = checkContract(PluginResult, parsed);
  if (!result.ok || !('outputs' in result.value)) return { ok: false, code: 'PLUGIN_BAD_OUTPUT', message: 'plugin exited 0 without a valid {"outputs": {…}} document on stdout' };
  const outputs = result.value.outputs;
  const checked = validateAgainstSchema(outputSchema, outputs);
  if (!checked.ok) return { ok: false, code: 'PLUGIN_BAD_OUTPUT', message: `outputs do not match the manifest's output schema: ${checked.message}` };
  return { ok: true, outputs };
}
