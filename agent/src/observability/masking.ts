// Replaces every secret value in a log line with `***`, so plugin, job and service logs never show a
// secret to whoever reads them.
export const MASK = '***';

/** A masker for a set of secret values; longer values are replaced first so a secret containing another is hidden whole. */
export function createMasker(secrets: Iterable<string>): (line: string) => string {
  const values = [...new Set([...secrets].filter((s) => typeof s === 'string' && s.length > 0))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}

/** Output values a plugin's manifest marks `writeOnly`: they become masks like the plan's secrets. */
export function writeOnlyOutputValues(outputSchema: Record<string, unknown>, outputs: Record<string, unknown>): string[] {
  const properties = (outputSchema.properties ?? {}) as Record<string, { writeOnly?: boolean }>;
  const found: string[] = [];
  for (const [key, spec] of Object.entries(properties)) {
    const value = outputs[key];
    if (spec?.writeOnly && value !== undefined && value !== null) found.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return found;
}
