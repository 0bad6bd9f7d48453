// Hides secret values in text someone will read: log lines, event messages, error text. A value is
// hidden in every form a program commonly prints it in — as it is, JSON-escaped, base64 (standard and
// URL-safe), URL-encoded — and a value of several lines (a PEM key) line by line too, because logs
// arrive one line at a time. Shared by the agent (first) and the control plane (again, before it stores
// or streams anything an agent sent).
export const MASK = '***';

/** Lines of a multi-line secret shorter than this are too common ("}", "") to hide on their own. */
const MIN_FRAGMENT = 6;

/** The texts that reveal `value` when printed. */
export function secretForms(value: string): string[] {
  const forms = new Set([value]);
  forms.add(JSON.stringify(value).slice(1, -1));
  const base64 = base64Of(value).replace(/=+$/, '');
  forms.add(base64);
  forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  try {
    forms.add(encodeURIComponent(value));
  } catch {
    // A lone surrogate cannot be URL-encoded, so it cannot be printed that way either.
  }
  if (/[\r\n]/.test(value)) {
    for (const line of value.split(/\r?\n|\r/)) {
      const text = line.trim();
      if (text.length >= MIN_FRAGMENT) forms.add(text);
    }
  }
  return [...forms].filter((form) => form.length > 0);
}

/** Base64 of the UTF-8 bytes, with what both Node and browsers have (the studio shares this module). */
function base64Of(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A masker for a set of secret values; longer forms are replaced first so a secret containing another is hidden whole. */
export function createMasker(secrets: Iterable<string>): (text: string) => string {
  const values = [...new Set([...secrets].filter((s) => typeof s === 'string' && s.length > 0).flatMap(secretForms))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}
