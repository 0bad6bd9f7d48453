// An official plugin's fixtures: `fixtures/<n>-<what>.input.json` (an invocation envelope) and
// `<n>-<what>.expected.json` (the document expected on stdout), run in name order — later fixtures may
// build on earlier ones (run, run again, roll back). Expected documents match as a subset: every value
// they give must be in the actual document (objects recursively; arrays and other values exactly).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvocationEnvelope } from '@nullops/core/contracts';
import { officialPlugin } from '../../src/official-plugins.js';

export interface Fixture {
  name: string;
  input: InvocationEnvelope;
  expected: Record<string, unknown>;
}

export function fixturesOf(id: string): Fixture[] {
  const dir = join(officialPlugin(id).dir, 'fixtures');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.input.json'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.input\.json$/, '');
      return { name, input: JSON.parse(readFileSync(join(dir, file), 'utf8')), expected: JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) };
    });
}

/** Where `actual` differs from the subset `expected`, as JSON Pointers with both values; empty when it matches. */
export function subsetDifferences(expected: unknown, actual: unknown, pointer = ''): string[] {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${pointer || '/'}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => subsetDifferences(value, (actual as Record<string, unknown>)[key], `${pointer}/${key}`));
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [`${pointer || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
