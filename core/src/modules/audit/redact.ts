// Makes what the audit log keeps of a request safe to keep: any field whose name says it holds a secret
// is replaced, at any depth (by name, so a new write-only field is covered when it is named like one),
// and the rest is made storable whatever the request held — text PostgreSQL refuses (NUL, lone
// surrogates) becomes U+FFFD, and long strings, long lists and deep nesting are cut — so writing an
// audit row never fails on what the request contained.
const SECRET_FIELD = /pass(word)?|token|secret|value|credential|key|auth|cookie|private|thumbprint/i;
const UNSTORABLE = /[\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REDACTED = '[redacted]';
export const AUDIT_LIMITS = { maxDepth: 8, maxStringLength: 1000, maxItems: 100 } as const;

/** Text as PostgreSQL will store it (in `text` and `jsonb`), at most `max` characters. */
export function storableText(text: string, max: number = AUDIT_LIMITS.maxStringLength): string {
  const clean = text.replace(UNSTORABLE, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
}

export function redact(input: unknown, depth = 0): unknown {
  if (typeof input === 'string') return storableText(input);
  if (depth > AUDIT_LIMITS.maxDepth) return REDACTED;
  if (Array.isArray(input)) {
    const kept = input.slice(0, AUDIT_LIMITS.maxItems).map((item) => redact(item, depth + 1));
    return input.length > AUDIT_LIMITS.maxItems ? [...kept, `… (${input.length - AUDIT_LIMITS.maxItems} more items)`] : kept;
  }
  if (input && typeof input === 'object') {
    const entries = Object.entries(input);
    const kept = entries.slice(0, AUDIT_LIMITS.maxItems).map(([key, value]) => [storableText(key, 200), SECRET_FIELD.test(key) ? REDACTED : redact(value, depth + 1)]);
    if (entries.length > AUDIT_LIMITS.maxItems) kept.push(['…', `${entries.length - AUDIT_LIMITS.maxItems} more fields`]);
    return Object.fromEntries(kept);
  }
  return input;
}
