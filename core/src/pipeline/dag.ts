// Graph decisions over pipeline steps, shared by the validator (cycles, ancestry) and the agent's
// executor (what may start now).
export interface DagNode {
  id: string;
  needs: readonly string[];
}

/** The steps in an order where every step comes after all it needs, or the ids on a cycle. */
export function topologicalOrder(nodes: readonly DagNode[]): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const seen = state.get(id);
    if (seen === 'done') return null;
    if (seen === 'visiting') return stack.slice(stack.indexOf(id)).concat(id);
    state.set(id, 'visiting');
    stack.push(id);
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue;
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    order.push(id);
    return null;
  };
  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
}

/** Every step `id` transitively needs. */
export function ancestorsOf(nodes: readonly DagNode[], id: string): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const found = new Set<string>();
  const pending = [...(byId.get(id)?.needs ?? [])];
  while (pending.length) {
    const next = pending.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(byId.get(next)?.needs ?? []));
  }
  return found;
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
