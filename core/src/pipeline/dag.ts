// Graph decisions over pipeline steps, shared by the validator (cycles, ancestry) and the agent's
// executor (what may start now). Every walk is iterative with an explicit stack: a graph's depth is the
// user's to choose, the call stack's is not.
export interface DagNode {
  id: string;
  needs: readonly string[];
}

/** The steps in an order where every step comes after all it needs, or the ids on a cycle. */
export function topologicalOrder(nodes: readonly DagNode[]): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    // The path from the root being walked, each entry with the index of the next `need` to look at.
    const path: { id: string; next: number }[] = [{ id: root.id, next: 0 }];
    const onPath = new Map<string, number>([[root.id, 0]]);
    state.set(root.id, 'visiting');
    while (path.length) {
      const top = path[path.length - 1];
      const needs = byId.get(top.id)?.needs ?? [];
      if (top.next < needs.length) {
        const need = needs[top.next++];
        if (!byId.has(need)) continue;
        const seen = state.get(need);
        if (seen === 'done') continue;
        if (seen === 'visiting') return { ok: false, cycle: path.slice(onPath.get(need)).map((p) => p.id).concat(need) };
        state.set(need, 'visiting');
        onPath.set(need, path.length);
        path.push({ id: need, next: 0 });
        continue;
      }
      path.pop();
      onPath.delete(top.id);
      state.set(top.id, 'done');
      order.push(top.id);
    }
  }
  return { ok: true, order };
}

/** Every step `id` transitively needs. */
export function ancestorsOf(nodes: readonly DagNode[] | ReadonlyMap<string, DagNode>, id: string): Set<string> {
  const byId = nodes instanceof Map ? (nodes as ReadonlyMap<string, DagNode>) : new Map((nodes as readonly DagNode[]).map((n) => [n.id, n]));
  const found = new Set<string>();
  const pending = [...(byId.get(id)?.needs ?? [])];
  while (pending.length) {
    const next = pending.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    for (const need of byId.get(next)?.needs ?? []) if (!found.has(need)) pending.push(need);
  }
  return found;
}

/**
 * Answers "does `of` transitively need `ancestor`?" for any pair. On an acyclic graph one pass in
 * topological order builds a bit set of ancestors per node (nodes × edges / 32 word operations), so a
 * validator asking for every step stays linear in practice; on a cyclic one each answer walks the graph.
 */
export function ancestry(nodes: readonly DagNode[]): (ancestor: string, of: string) => boolean {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sorted = topologicalOrder(nodes);
  if (!sorted.ok) {
    const memo = new Map<string, Set<string>>();
    return (ancestor, of) => {
      let found = memo.get(of);
      if (!found) memo.set(of, (found = ancestorsOf(byId, of)));
      return found.has(ancestor);
    };
  }
  const index = new Map(sorted.order.map((id, i) => [id, i]));
  const words = Math.max(1, Math.ceil(sorted.order.length / 32));
  const bits = new Uint32Array(sorted.order.length * words);
  for (const id of sorted.order) {
    const row = index.get(id)! * words;
    for (const need of byId.get(id)?.needs ?? []) {
      const j = index.get(need);
      if (j === undefined) continue;
      bits[row + (j >> 5)] |= 1 << (j & 31);
      for (let w = 0; w < words; w++) bits[row + w] |= bits[j * words + w];
    }
  }
  return (ancestor, of) => {
    const i = index.get(of);
    const j = index.get(ancestor);
    return i !== undefined && j !== undefined && (bits[i * words + (j >> 5)] & (1 << (j & 31))) !== 0;
  };
}

/** The steps that may start now: not started, and every step they need has succeeded. */
export function readySteps(nodes: readonly DagNode[], succeeded: ReadonlySet<string>, started: ReadonlySet<string>): string[] {
  return nodes.filter((n) => !started.has(n.id) && n.needs.every((need) => succeeded.has(need))).map((n) => n.id);
}

/** `needs` for each step from the definition's edges. */
export function needsFromEdges(stepIds: readonly string[], edges: readonly { from: string; to: string }[]): Map<string, string[]> {
  const needs = new Map(stepIds.map((id) => [id, [] as string[]]));
  for (const edge of edges) needs.get(edge.to)?.push(edge.from);
  return needs;
}
