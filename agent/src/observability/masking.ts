// Replaces every secret value in a log line with `***`, so plugin, job and service logs never show a
// secret to whoever reads them. The masker is the shared one of @nullops/core/pipeline (every printed
// form of a value, multi-line values line by line).
export { MASK, createMasker } from '@nullops/core/pipeline';

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
