// What a `${{ }}` expression may name at a given step, and where the caret is in one. The candidates
// follow the same rules the validator enforces: outputs only of ancestor component steps (keys from
// their plugins' `output` schemas), services only of service steps (ports of their catalog service).
import { ancestorsOf, needsFromEdges, type PipelineDefinition } from '@nullops/core/pipeline';

export interface Completion {
  /** The reference inside `${{ }}`, e.g. `steps.db.outputs.url`. */
  text: string;
  /** A few words on what it is, shown beside it. */
  detail: string;
}

export interface CompletionCatalog {
  secrets: readonly string[];
  /** Ports per catalog service name. */
  servicePorts: ReadonlyMap<string, readonly { name: string; ingress: boolean }[]>;
  /** Output keys per component step id (from its plugin's `output` schema). */
  outputKeys: ReadonlyMap<string, readonly string[]>;
}

const DEPLOYMENT_FIELDS: [string, string][] = [
  ['name', 'the deployment’s name'],
  ['id', 'the deployment’s id'],
  ['environment', 'the environment’s name'],
  ['project', 'the project’s name'],
];

/** Every reference a string of step `stepId` may use, in a stable order. */
export function completionsFor(definition: Pick<PipelineDefinition, 'steps' | 'edges'>, stepId: string, catalog: CompletionCatalog): Completion[] {
  const ids = definition.steps.map((s) => s.id);
  const needs = needsFromEdges(ids, definition.edges);
  const ancestors = ancestorsOf(
    ids.map((id) => ({ id, needs: needs.get(id) ?? [] })),
    stepId,
  );
  const out: Completion[] = catalog.secrets.map((name) => ({ text: `secrets.${name}`, detail: 'project secret' }));
  for (const step of definition.steps) {
    if (step.kind !== 'component' || !ancestors.has(step.id)) continue;
    for (const key of catalog.outputKeys.get(step.id) ?? []) out.push({ text: `steps.${step.id}.outputs.${key}`, detail: `output of ${step.id}` });
  }
  for (const step of definition.steps) {
    if (step.kind !== 'service') continue;
    const ports = catalog.servicePorts.get(step.service) ?? [];
    out.push({ text: `services.${step.id}.host`, detail: `host name of ${step.id}` });
    out.push({ text: `services.${step.id}.url`, detail: `address of ${step.id} inside the deployment` });
    if (ports.some((p) => p.ingress)) out.push({ text: `services.${step.id}.publicUrl`, detail: `public URL of ${step.id}` });
    for (const port of ports) out.push({ text: `services.${step.id}.ports.${port.name}`, detail: `port ${port.name} of ${step.id}` });
  }
  for (const [field, detail] of DEPLOYMENT_FIELDS) out.push({ text: `deployment.${field}`, detail });
  return out;
}

/** The output keys a plugin declares in its `output` schema. */
export function outputKeysOf(output: Record<string, unknown> | undefined): string[] {
  const properties = output?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

export interface OpenExpression {
  /** Offset just after `${{` (and its spaces): where the typed reference starts. */
  start: number;
  /** What has been typed of the reference so far. */
  typed: string;
}

/** The expression the caret is inside (opened with `${{` and not yet closed before the caret), if any. */
export function openExpressionAt(text: string, caret: number): OpenExpression | undefined {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('${{');
  if (open === -1 || before.indexOf('}}', open) !== -1) return undefined;
  let start = open + 3;
  while (before[start] === ' ') start++;
  const typed = before.slice(start);
  if (!/^[A-Za-z0-9_.-]*$/.test(typed)) return undefined;
  return { start, typed };
}

/** Candidates for what has been typed: those that start with it first, then those that contain it. */
export function filterCompletions(all: readonly Completion[], typed: string): Completion[] {
  const lower = typed.toLowerCase();
  const starts = all.filter((c) => c.text.toLowerCase().startsWith(lower));
  const contains = all.filter((c) => !c.text.toLowerCase().startsWith(lower) && c.text.toLowerCase().includes(lower));
  return [...starts, ...contains];
}

/** The text with a completion accepted at the caret: the reference written out and the expression closed. */
export function acceptCompletion(text: string, caret: number, completion: Completion): { text: string; caret: number } {
  const open = openExpressionAt(text, caret);
  if (!open) return { text, caret };
  const after = text.slice(caret);
  const closed = /^\s*}}/.test(after.replace(/^[A-Za-z0-9_.-]*/, ''));
  const rest = after.replace(/^[A-Za-z0-9_.-]*/, '');
  const insert = closed ? completion.text : `${completion.text} }}`;
  const next = text.slice(0, open.start) + insert + rest;
  const end = open.start + insert.length + (closed ? (/^\s*}}/.exec(rest)?.[0].length ?? 0) : 0);
  return { text: next, caret: end };
}
