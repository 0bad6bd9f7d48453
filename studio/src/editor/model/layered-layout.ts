// Auto-arrange: a left-to-right layered layout of the pipeline's DAG from the sizes the nodes are
// drawn with. Pure and fast (a 200-step pipeline in a few milliseconds, where ELK took about a second
// in the page): each step's column is the longest chain of steps before it, the order inside a column
// follows its neighbours' order (barycentre sweeps, which untangle most crossings), and each column
// is placed so that its busiest step sits level with the steps it runs after.
import { chainDepths, type Edge, type Position } from './pipeline-graph.js';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutSpacing {
  /** Between two steps in one column. */
  node: number;
  /** Between two columns. */
  column: number;
}

const SWEEPS = 4;

/** Top-left positions for every node, in whole pixels. Edges naming unknown nodes are ignored; a cycle cannot hang it. */
export function layeredLayout(nodes: readonly LayoutNode[], edges: readonly Edge[], spacing: LayoutSpacing = { node: 40, column: 70 }): Map<string, Position> {
  const known = new Map(nodes.map((n) => [n.id, n]));
  const parents = new Map(nodes.map((n) => [n.id, [] as string[]]));
  const children = new Map(nodes.map((n) => [n.id, [] as string[]]));
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to) continue;
    parents.get(e.to)!.push(e.from);
    children.get(e.from)!.push(e.to);
  }

  const column = chainDepths(
    nodes.map((n) => n.id),
    edges.filter((e) => e.from !== e.to),
  );
  const columns: string[][] = [];
  for (const n of nodes) (columns[column.get(n.id)!] ??= []).push(n.id);

  // Order inside columns: sweep right using parents' places, then left using children's.
  const place = new Map<string, number>();
  const renumber = (ids: string[]) => ids.forEach((id, i) => place.set(id, i / Math.max(1, ids.length - 1)));
  columns.forEach(renumber);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const rightwards = sweep % 2 === 0;
    const order = rightwards ? columns.slice(1) : columns.slice(0, -1).reverse();
    for (const ids of order) {
      const barycentre = (id: string) => {
        const near = (rightwards ? parents : children).get(id)!;
        return near.length ? near.reduce((sum, other) => sum + place.get(other)!, 0) / near.length : place.get(id)!;
      };
      const keyed = ids.map((id, index) => ({ id, key: barycentre(id), index }));
      keyed.sort((a, b) => a.key - b.key || a.index - b.index);
      ids.splice(0, ids.length, ...keyed.map((k) => k.id));
      renumber(ids);
    }
  }

  // Coordinates: columns left to right; in a column, steps stacked in order, each as level with its
  // parents as room allows; then the column is shifted so that the step most others wait for sits
  // exactly level with its parents (or, in a column nothing waits for, so that the column sits level
  // with them on average). Without the shift, every column holding a chain's next step and a side step
  // would start lower than the last, and the pipeline would drift down the page.
  const positions = new Map<string, Position>();
  let x = 0;
  for (const ids of columns) {
    let bottom = -Infinity;
    const placed: { id: string; y: number; off?: number }[] = [];
    for (const id of ids) {
      const node = known.get(id)!;
      const above = parents.get(id)!.filter((p) => positions.has(p));
      const wanted = above.length ? above.reduce((sum, p) => sum + positions.get(p)!.y + known.get(p)!.height / 2, 0) / above.length - node.height / 2 : undefined;
      const y = bottom === -Infinity ? (wanted ?? 0) : Math.max(wanted ?? -Infinity, bottom + spacing.node);
      placed.push({ id, y, off: wanted === undefined ? undefined : wanted - y });
      bottom = y + node.height;
    }
    const aligned = placed.filter((p) => p.off !== undefined);
    const spine = aligned.reduce<(typeof aligned)[number] | undefined>((best, p) => (children.get(p.id)!.length > (best ? children.get(best.id)!.length : 0) ? p : best), undefined);
    const shift = spine ? spine.off! : aligned.length ? aligned.reduce((sum, p) => sum + p.off!, 0) / aligned.length : 0;
    for (const p of placed) positions.set(p.id, { x: Math.round(x), y: Math.round(p.y + shift) });
    x += Math.max(...ids.map((id) => known.get(id)!.width)) + spacing.column;
  }
  return positions;
}
