// The agent's token, kept only as a SHA-256 hash in `token.json` (docs/agent-protocol.md, "Tokens"): adoption of
// AGENT_TOKEN, rotation, revocation, and the constant-time check of a presented token.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Type, type Static } from '@sinclair/typebox';
import { checkContract } from '@nullops/core/contracts';
import { writeFileAtomic } from '../state/atomic-file.js';

export const TokenState = Type.Object({
  /** Hash of the token that opens the door; null once revoked. */
  tokenHash: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]),
  /** Hash of the AGENT_TOKEN value adopted last, to notice an operator re-configuring the agent. */
  adoptedEnvHash: Type.Union([Type.String(), Type.Null()]),
});
export type TokenState = Static<typeof TokenState>;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Which token state holds after start-up: AGENT_TOKEN is adopted when nothing is persisted or when it
 * differs from the value adopted last; otherwise the persisted (possibly rotated or revoked) state wins.
 */
export function adoptToken(persisted: TokenState | null, envToken: string | undefined): { state: TokenState; adopted: boolean } {
  if (envToken) {
    const envHash = hashToken(envToken);
    if (!persisted || persisted.adoptedEnvHash !== envHash) return { state: { tokenHash: envHash, adoptedEnvHash: envHash }, adopted: true };
  }
  return { state: persisted ?? { tokenHash: null, adoptedEnvHash: null }, adopted: false };
}

/** True when `presented` is the token whose hash is `expectedHash`; compares digests in constant time. */
export function tokenMatches(expectedHash: string | null, presented: string | undefined): boolean {
  if (!expectedHash || !presented) return false;
  const given = createHash('sha256').update(presented, 'utf8').digest();
  const expected = Buffer.from(expectedHash, 'hex');
  return expected.length === given.length && timingSafeEqual(given, expected);
}

export class TokenStore {
  private constructor(
    private readonly path: string,
    private state: TokenState,
  ) {}

  static async open(path: string, envToken: string | undefined): Promise<{ store: TokenStore; adopted: boolean }> {
    let persisted: TokenState | null = null;
    try {
      const checked = checkContract(TokenState, JSON.parse(await readFile(path, 'utf8')));
      if (checked.ok) persisted = checked.value;
    } catch {
      persisted = null;
    }
    const { state, adopted } = adoptToken(persisted, envToken);
    const store = new TokenStore(path, state);
    if (adopted || !persisted) await store.persist();
    return { store, adopted };
  }

  get hasToken(): boolean {
    return this.state.tokenHash !== null;
  }

  accepts(presented: string | undefined): boolean {
    return tokenMatches(this.state.tokenHash, presented);
  }

  async rotate(newTokenHash: string): Promise<void> {
    this.state = { ...this.state, tokenHash: newTokenHash };
    await this.persist();
  }

  async revoke(): Promise<void> {
    this.state = { ...this.state, tokenHash: null };
    await this.persist();
  }

  private persist(): Promise<void> {
    return writeFileAtomic(this.path, JSON.stringify(this.state, null, 2));
  }
}
