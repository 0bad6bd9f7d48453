// The one way tests wait for something that happens asynchronously (a node coming online, a route being
// applied, a container being removed): poll a probe until it yields, with a deadline and a message that
// says what was awaited and what was last seen.

/** Thrown by a probe to stop waiting at once (the awaited thing can no longer happen, e.g. a deployment failed). */
export class GiveUp extends Error {}

export interface PollOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /** Pause between probes; default 200 ms. */
  everyMs?: number;
  /** More words for the timeout message (e.g. the deployment's events). */
  explain?: () => Promise<string> | string;
}

/**
 * Calls `probe` until it returns something other than `undefined` or `false`, and returns that. A probe
 * that throws is tried again (its last error is quoted if time runs out), except with `GiveUp`.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const extra = options.explain ? ` ${await options.explain()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}.${extra}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 200));
  }
}
