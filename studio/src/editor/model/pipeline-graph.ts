// The pipeline definition as the editor draws it, and back: steps become nodes at their saved
// positions, edges become connections, and the canvas positions travel in the definition's `layout`
// (`layout.positions[stepId] = {x, y}`) so a saved version reopens exactly as it was left.
import type { PipelineDefinition, StepDefinition, Edge } from '@nullops/core/pipeline';

export type { PipelineDefinition, StepDefinition, Edge };

export interface Position {
  x: number;
  y: number;
}

export interface GraphNode {
  step: StepDefinition;
  position: Position;
}

export interface PipelineGraph {
  nodes: GraphNode[];
  edges: Edge[];
}

/** Where a step with no saved position goes: a grid by depth, so a definition made by hand still reads left to right. */
const COLUMN = 300;
const ROW = 170;

/** The nodes and connections to draw for a definition, at their saved positions when it has them. */
export function definitionToGraph(definition: PipelineDefinition): PipelineGraph {
  const saved = savedPositions(definition.layout);
  const fallback = gridPositions(
    definition.steps.map((s) => s.id),
    definition.edges,
  );
  return {
    nodes: definition.steps.map((step) => ({ step: structuredClone(step), position: saved.get(step.id) ?? fallback.get(step.id)! })),
    edges: definition.edges.map((e) => ({ from: e.from, to: e.to })),
  };
}

/** The definition to save: steps in the order drawn, edges, and every node's position in `layout`. */
export function graphToDefinition(graph: PipelineGraph): PipelineDefinition {
  const positions: Record<string, Position> = {};
  for (const node of graph.nodes) positions[node.step.id] = { x: round(node.position.x), y: round(node.position.y) };
  return {
    steps: graph.nodes.map((n) => structuredClone(n.step)),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
    layout: { positions },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function savedPositions(layout: PipelineDefinition['layout']): Map<string, Position> {
  const found = new Map<string, Position>();
  const positions = layout?.positions;
  if (!positions || typeof positions !== 'object') return found;
  for (const [id, value] of Object.entries(positions as Record<string, unknown>)) {
    const p = value as Partial<Position> | null;
    if (p && typeof p.x === 'number' && typeof p.y === 'number' && Number.isFinite(p.x) && Number.isFinite(p.y)) found.set(id, { x: p.x, y: p.y });
  }
  return found;
}

/** Column = longest chain of steps before it; rows fill in the order steps are listed. */
export function gridPositions(ids: readonly string[], edges: readonly Edge[]): Map<string, Position> {
  const depth = chainDepths(ids, edges);
  const rows: number[] = [];
  const out = new Map<string, Position>();
  for (const id of ids) {
    const column = depth.get(id)!;
    const row = rows[column] ?? 0;
    rows[column] = row + 1;
    out.set(id, { x: column * COLUMN, y: row * ROW });
  }
  return out;
}

/** Each step's depth: 0 when nothing runs before it, else one more than its deepest parent (edges to unknown steps and cycles are ignored). */
export function chainDepths(ids: readonly string[], edges: readonly Edge[]): Map<string, number> {
  const parents = new Map(ids.map((id) => [id, [] as string[]]));
  for (const e of edges) if (parents.has(e.from)) parents.get(e.to)?.push(e.from);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const value = Math.max(-1, ...parents.get(id)!.map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  for (const id of ids) depthOf(id);
  return depth;
}

/** Whether adding `from → to` would close a cycle (including a step connected to itself). */
export function wouldCreateCycle(edges: readonly Edge[], from: string, to: string): boolean {
  if (from === to) return true;
  const children = new Map<string, string[]>();
  for (const e of edges) children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
  // A cycle appears when `from` is already reachable from `to`.
  const pending = [to];
  const seen = new Set<string>();
  while (pending.length) {
    const id = pending.pop()!;
    if (id === from) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return false;
}

/** A step id not used yet, from a base such as the service or plugin name: `postgres`, `postgres-2`, … */
export function freshStepId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const label =
    base
      .toLowerCase()
      .replace(/^.*\//, '')
      .replace(/@.*$/, '')
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'step';
  if (!used.has(label)) return label;
  for (let n = 2; ; n++) if (!used.has(`${label}-${n}`)) return `${label}-${n}`;
}

/** Renames a step everywhere the graph names it: the node, its edges, and expressions that read it. */
export function renameStep(graph: PipelineGraph, from: string, to: string): PipelineGraph {
  const pattern = new RegExp(`\\b(steps|services)\\.${from.replace(/[-]/g, '\\-')}\\b`, 'g');
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return value.includes('${{') ? value.replace(/\$\{\{[^}]*\}\}/g, (expr) => expr.replace(pattern, `$1.${to}`)) : value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  return {
    nodes: graph.nodes.map((n) => ({ position: n.position, step: (n.step.id === from ? { ...rewrite(n.step) as StepDefinition, id: to } : rewrite(n.step)) as StepDefinition })),
    edges: graph.edges.map((e) => ({ from: e.from === from ? to : e.from, to: e.to === from ? to : e.to })),
  };
}
