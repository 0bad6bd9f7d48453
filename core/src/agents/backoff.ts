// Reconnect delays: capped exponential backoff with full jitter, so many nodes that dropped together
// do not redial in lockstep.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.max(options.initialMs / 2, Math.round(ceiling * random()));
}
