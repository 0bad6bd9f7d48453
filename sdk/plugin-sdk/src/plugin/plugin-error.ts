// The error a plugin throws to fail with a stable code: `throw new PluginError('DB_UNREACHABLE', '…')`
// becomes `{"error":{"code":"DB_UNREACHABLE","message":"…"}}` on stdout and a non-zero exit code.

/** Exit codes of a plugin built with the SDK. */
export const PLUGIN_EXIT = {
  ok: 0,
  /** `run` or `rollback` failed (a thrown error, outputs that do not match `output`). */
  failed: 1,
  /** The envelope or the params are wrong: nothing was attempted. */
  badInput: 2,
  /** Stopped by SIGTERM or its deadline before it finished. */
  terminated: 143,
} as const;

export class PluginError extends Error {
  override readonly name = 'PluginError';
  constructor(
    /** A stable, upper-case code such as `DB_UNREACHABLE`; later steps and people search for it. */
    readonly code: string,
    message: string,
    /** The exit code; 1 unless the failure is the caller's input (2). */
    readonly exitCode: number = PLUGIN_EXIT.failed,
  ) {
    super(message);
  }
}
