// Places a pipeline's steps in columns for drawing: a step's column is the length of the longest chain
// of steps it waits for, so every edge points to the right.
export interface PlacedStep {
  id: string;
  column: number;
  row: number;
}

export function layoutDag(stepIds: readonly string[], edges: readonly { from: string; to: string }[]): { steps: PlacedStep[]; columns: number; rows: number } {
  const parents = new Map(stepIds.map((id) => [id, [] as string[]]));
  for (const edge of edges) parents.get(edge.to)?.push(edge.from);
  const column = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0; // a cycle cannot be saved, but never loop on one
    visiting.add(id);
    const value = Math.max(-1, ...(parents.get(id) ?? []).filter((p) => parents.has(p)).map(depth)) + 1;
    visiting.delete(id);
    column.set(id, value);
    return value;
  };
  const rowsUsed: number[] = [];
  const steps = stepIds.map((id) => {
    const c = depth(id);
    const row = rowsUsed[c] ?? 0;
    rowsUsed[c] = row + 1;
    return { id, column: c, row };
  });
  return { steps, columns: rowsUsed.length, rows: Math.max(0, ...rowsUsed) };
}
