// Resolves `${{ steps.<id>.outputs.<key> }}` in a component's params from the outputs of earlier
// steps — the one kind of expression the control plane leaves for the agent (PROTOCOL.md, "The plan").
const OUTPUT_EXPRESSION = /\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const WHOLE_OUTPUT_EXPRESSION = /^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_.-]+)\s*\}\}$/;

export type StepOutputs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export type Resolution = { ok: true; value: unknown } | { ok: false; missing: string[] };

/**
 * Resolves every output expression in `value`. A string that is exactly one expression takes the output's
 * own type (a number stays a number); an expression inside a longer string is interpolated as text.
 */
export function resolveOutputExpressions(value: unknown, outputs: StepOutputs): Resolution {
  const missing: string[] = [];
  const lookup = (stepId: string, key: string): unknown => {
    const out = outputs[stepId];
    if (!out || !(key in out)) {
      missing.push(`steps.${stepId}.outputs.${key}`);
      return undefined;
    }
    return out[key];
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = WHOLE_OUTPUT_EXPRESSION.exec(node);
      if (whole) return lookup(whole[1], whole[2]);
      return node.replace(OUTPUT_EXPRESSION, (_, stepId: string, key: string) => {
        const found = lookup(stepId, key);
        return found === undefined ? '' : typeof found === 'string' ? found : JSON.stringify(found);
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  const value2 = walk(value);
  return missing.length ? { ok: false, missing } : { ok: true, value: value2 };
}
