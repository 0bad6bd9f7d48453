// Session secrets and personal API tokens: 256 random bits, handed to the client once and stored only
// as a SHA-256 digest (enough for high-entropy values: there is nothing to brute-force).
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'nlo_';

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `nlo_…`: the prefix makes a leaked token easy to recognise (and to scan for). */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
