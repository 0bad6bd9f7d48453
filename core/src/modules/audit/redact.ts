// Removes secret values from what the audit log keeps: any field whose name says it holds a secret is
// replaced, at any depth. By name, so a new write-only field is covered when it is named like one.
const SECRET_FIELD = /pass(word)?|token|secret|value|credential|key|auth|cookie|private|thumbprint/i;

export const REDACTED = '[redacted]';

export function redact(input: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (Array.isArray(input)) return input.map((item) => redact(item, depth + 1));
  if (input && typeof input === 'object') {
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, SECRET_FIELD.test(key) ? REDACTED : redact(value, depth + 1)]));
  }
  return input;
}
