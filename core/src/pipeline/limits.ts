// The caps on a pipeline definition (docs/limits.md). They are checked first, in one iterative pass
// linear in the definition's size, so that the rest of validation only ever sees a definition small
// enough to finish in a few milliseconds — validation runs on the control plane's event loop.
import type { PipelineError } from './validate.js';

export const PIPELINE_LIMITS = {
  /** Steps in one pipeline. */
  maxSteps: 300,
  /** Edges in one pipeline. */
  maxEdges: 1500,
  /** Nesting of objects and arrays anywhere in the definition (the definition itself is depth 1). */
  maxDepth: 32,
  /** Nesting inside `layout`, the editor's drawing data. */
  maxLayoutDepth: 8,
  /** `${{ … }}` expressions in the whole definition (each is parsed and checked against the graph). */
  maxExpressions: 2000,
  /** Characters in any one string or object key. */
  maxStringLength: 16_384,
  /** Bytes of a request body that carries a definition (save, validate, dry-run): over it, 413. */
  maxBodyBytes: 512 * 1024,
} as const;

const MAX_REPORTED = 20;

/** Every cap the definition exceeds (at most a few reported), as validator errors `DEFINITION_TOO_LARGE`. */
export function checkPipelineLimits(definition: unknown): PipelineError[] {
  const errors: PipelineError[] = [];
  const add = (path: string, message: string) => {
    if (errors.length < MAX_REPORTED) errors.push({ code: 'DEFINITION_TOO_LARGE', path, message });
  };
  if (!definition || typeof definition !== 'object') return errors;
  const top = definition as Record<string, unknown>;
  if (Array.isArray(top.steps) && top.steps.length > PIPELINE_LIMITS.maxSteps) {
    add('/steps', `The pipeline has ${top.steps.length} steps; at most ${PIPELINE_LIMITS.maxSteps} are allowed.`);
  }
  if (Array.isArray(top.edges) && top.edges.length > PIPELINE_LIMITS.maxEdges) {
    add('/edges', `The pipeline has ${top.edges.length} edges; at most ${PIPELINE_LIMITS.maxEdges} are allowed.`);
  }
  if (errors.length) return errors;
  // Pointers are built only for what is reported, so the walk keeps parents rather than paths.
  interface Entry {
    value: unknown;
    depth: number;
    layoutDepth: number;
    parent?: Entry;
    key?: string;
  }
  const pointer = (entry: Entry): string => {
    const keys: string[] = [];
    for (let at: Entry | undefined = entry; at?.parent; at = at.parent) keys.push(at.key!.replace(/~/g, '~0').replace(/\//g, '~1'));
    return keys.length ? `/${keys.reverse().join('/')}` : '';
  };
  let expressions = 0;
  const stack: Entry[] = [{ value: definition, depth: 1, layoutDepth: 0 }];
  while (stack.length && errors.length < MAX_REPORTED) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      if (value.length > PIPELINE_LIMITS.maxStringLength) add(pointer(entry), `${describe(pointer(entry))} is ${value.length} characters long; at most ${PIPELINE_LIMITS.maxStringLength} are allowed.`);
      for (let at = value.indexOf('${{'); at !== -1; at = value.indexOf('${{', at + 3)) expressions++;
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (entry.depth > PIPELINE_LIMITS.maxDepth) {
      add(pointer(entry), `${describe(pointer(entry))} is nested ${entry.depth} levels deep; at most ${PIPELINE_LIMITS.maxDepth} are allowed.`);
      continue;
    }
    if (entry.layoutDepth > PIPELINE_LIMITS.maxLayoutDepth) {
      add(pointer(entry), `The layout is nested deeper than ${PIPELINE_LIMITS.maxLayoutDepth} levels at ${pointer(entry)}.`);
      continue;
    }
    const isLayout = entry.parent === undefined ? false : entry.layoutDepth > 0;
    const children = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, child] of children) {
      if (key.length > PIPELINE_LIMITS.maxStringLength) {
        add(pointer(entry), `A key under ${describe(pointer(entry))} is ${key.length} characters long; at most ${PIPELINE_LIMITS.maxStringLength} are allowed.`);
        continue;
      }
      const entersLayout = entry.parent === undefined && key === 'layout';
      stack.push({ value: child, depth: entry.depth + 1, layoutDepth: entersLayout ? 1 : isLayout ? entry.layoutDepth + 1 : 0, parent: entry, key });
    }
  }
  if (expressions > PIPELINE_LIMITS.maxExpressions) add('', `The pipeline holds ${expressions} \${{ }} expressions; at most ${PIPELINE_LIMITS.maxExpressions} are allowed.`);
  return errors;
}

function describe(pointer: string): string {
  return pointer ? `The value at ${pointer}` : 'The definition';
}
