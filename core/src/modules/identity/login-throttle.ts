// Failed-login throttling per username and per client address: a sliding window of failures; once a key
// is over its limit, further attempts are refused until the oldest failure leaves the window. In memory,
// per control-plane process. A username is keyed as the user lookup normalises it, so "thr " and "THR"
// count against "thr"; an attempt without a usable username still counts against its address.
import { normalizeUsername } from './users.js';
export interface ThrottleLimits {
  windowMs: number;
  perUsername: number;
  perAddress: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perUsername: 10, perAddress: 50 };

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  check(username: string | undefined, address: string): ThrottleVerdict {
    const waits = [username === undefined ? 0 : this.waitFor(userKey(username), this.limits.perUsername), this.waitFor(`address:${address}`, this.limits.perAddress)];
    const wait = Math.max(...waits);
    return wait > 0 ? { allowed: false, retryAfterSeconds: Math.ceil(wait / 1000) } : { allowed: true };
  }

  recordFailure(username: string | undefined, address: string): void {
    for (const key of [...(username === undefined ? [] : [userKey(username)]), `address:${address}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  /** A successful sign-in clears the username's failures (not the address's: one user may not unlock others). */
  recordSuccess(username: string): void {
    this.failures.delete(userKey(username));
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  /** Milliseconds until one more attempt is allowed for this key (0: now). */
  private waitFor(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return recent[recent.length - limit] + this.limits.windowMs - this.now();
  }
}

function userKey(username: string): string {
  return `user:${normalizeUsername(username)}`;
}
