// Encryption at rest for everything NullOps must be able to read back (project secrets, registry
// passwords, agent tokens): AES-256-GCM under the key from NULLOPS_ENCRYPTION_KEY. Each ciphertext
// names the key it was made with (the first 8 hex digits of the key's SHA-256), so a key can be rotated
// (`nullops secrets rotate-key`) and a value made under another key is recognised as such.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

export interface EncryptionKey {
  id: string;
  bytes: Buffer;
}

/** Reads a key given as base64 of 32 bytes; `setting` names where it came from, for the message. */
export function parseEncryptionKey(value: string | undefined, setting = 'NULLOPS_ENCRYPTION_KEY'): EncryptionKey {
  if (!value || value.trim() === '') {
    throw new EncryptionKeyError(
      `${setting} is not set. NullOps encrypts secrets and registry credentials with it: generate one with \`openssl rand -base64 32\` (32 random bytes, base64) and keep it safe — without it nothing encrypted can be read back.`,
    );
  }
  const trimmed = value.trim();
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) {
    throw new EncryptionKeyError(
      `${setting} must be 32 bytes encoded as base64 (44 characters, e.g. from \`openssl rand -base64 32\`); the value given decodes to ${bytes.length} bytes.`,
    );
  }
  return { id: keyIdOf(bytes), bytes };
}

export function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** The key id a stored ciphertext was made with, or undefined when it is not one of ours. */
export function keyIdOfCiphertext(stored: string): string | undefined {
  const parts = stored.split(':');
  return parts.length === 4 && `${parts[0]}:${parts[1]}` === PREFIX ? parts[2] : undefined;
}

/** Encrypts with the current key; decrypts with it or any older key it was given (for rotation). */
export class Encryption {
  private readonly byId: Map<string, EncryptionKey>;

  constructor(
    readonly current: EncryptionKey,
    older: readonly EncryptionKey[] = [],
  ) {
    this.byId = new Map([...older, current].map((k) => [k.id, k]));
  }

  get keyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}:${this.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const keyId = keyIdOfCiphertext(stored);
    if (!keyId) throw new EncryptionKeyError('A stored value is not in the encrypted format NullOps writes; the database may have been edited by hand.');
    const key = this.byId.get(keyId);
    if (!key) {
      throw new EncryptionKeyError(
        `A stored value was encrypted with key ${keyId}, but NULLOPS_ENCRYPTION_KEY is key ${this.current.id}. Start with the key it was made with, or re-encrypt with \`nullops secrets rotate-key\`.`,
      );
    }
    const raw = Buffer.from(stored.slice(stored.lastIndexOf(':') + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new EncryptionKeyError(`A stored value under key ${keyId} does not authenticate: it was altered or truncated.`);
    }
  }
}
