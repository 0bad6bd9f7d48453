// What changed between two pipeline versions, step by step: steps added and removed, and for a step in
// both, each field (params included, one line per param) whose value differs; edges added and removed.
// Positions in `layout` are not a change of the pipeline and are left out.
import type { PipelineDefinition, StepDefinition } from '@nullops/core/pipeline';

export interface FieldChange {
  /** Dotted path inside the step, e.g. `params.database` or `command`. */
  field: string;
  before: unknown;
  after: unknown;
}

export type StepChange =
  | { kind: 'added'; stepId: string; step: StepDefinition }
  | { kind: 'removed'; stepId: string; step: StepDefinition }
  | { kind: 'changed'; stepId: string; changes: FieldChange[] };

export interface VersionDiff {
  steps: StepChange[];
  edgesAdded: string[];
  edgesRemoved: string[];
  /** True when nothing but positions differ. */
  same: boolean;
}

type Definition = Pick<PipelineDefinition, 'steps' | 'edges'> & Partial<Pick<PipelineDefinition, 'layout'>>;

export function diffVersions(before: Definition, after: Definition): VersionDiff {
  const old = new Map(before.steps.map((s) => [s.id, s]));
  const now = new Map(after.steps.map((s) => [s.id, s]));
  const steps: StepChange[] = [];
  for (const step of after.steps) {
    const previous = old.get(step.id);
    if (!previous) steps.push({ kind: 'added', stepId: step.id, step });
    else {
      const changes = fieldChanges(previous as unknown as Record<string, unknown>, step as unknown as Record<string, unknown>);
      if (changes.length) steps.push({ kind: 'changed', stepId: step.id, changes });
    }
  }
  for (const step of before.steps) if (!now.has(step.id)) steps.push({ kind: 'removed', stepId: step.id, step });
  const edge = (e: { from: string; to: string }) => `${e.from} → ${e.to}`;
  const oldEdges = new Set(before.edges.map(edge));
  const newEdges = new Set(after.edges.map(edge));
  const edgesAdded = [...newEdges].filter((e) => !oldEdges.has(e));
  const edgesRemoved = [...oldEdges].filter((e) => !newEdges.has(e));
  return { steps, edgesAdded, edgesRemoved, same: steps.length === 0 && edgesAdded.length === 0 && edgesRemoved.length === 0 };
}

/** Params and env are compared key by key (one change per key); any other field as a whole. */
function fieldChanges(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of union(Object.keys(a), Object.keys(b))) {
    if (field === 'params' || field === 'env') {
      const x = (a[field] ?? {}) as Record<string, unknown>;
      const y = (b[field] ?? {}) as Record<string, unknown>;
      for (const key of union(Object.keys(x), Object.keys(y))) {
        if (!equal(x[key], y[key])) changes.push({ field: `${field}.${key}`, before: x[key], after: y[key] });
      }
    } else if (!equal(a[field], b[field])) changes.push({ field, before: a[field], after: b[field] });
  }
  return changes;
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
  return value;
}
