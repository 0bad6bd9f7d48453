// Auto-arrange lays a pipeline out left to right: every connection points right, no two steps
// overlap, a chain stays on one row, and crossings that a different order removes are removed.
import t from 'tap';
import { layeredLayout, type LayoutNode } from '../../src/editor/model/layered-layout.js';
import type { Edge } from '../../src/editor/model/pipeline-graph.js';

const box = (id: string, height = 96): LayoutNode => ({ id, width: 230, height });

function overlaps(nodes: LayoutNode[], at: Map<string, { x: number; y: number }>): string[] {
  const found: string[] = [];
  for (const a of nodes)
    for (const b of nodes) {
      if (a.id >= b.id) continue;
      const p = at.get(a.id)!;
      const q = at.get(b.id)!;
      if (p.x < q.x + b.width && q.x < p.x + a.width && p.y < q.y + b.height && q.y < p.y + a.height) found.push(`${a.id}/${b.id}`);
    }
  return found;
}

t.test('a chain runs left to right on one row, one column gap apart', async (t) => {
  const nodes = ['db', 'create-db', 'migrate', 'api'].map((id) => box(id));
  const edges: Edge[] = [
    { from: 'db', to: 'create-db' },
    { from: 'create-db', to: 'migrate' },
    { from: 'migrate', to: 'api' },
  ];
  const at = layeredLayout(nodes, edges, { node: 40, column: 70 });
  t.same(
    nodes.map((n) => at.get(n.id)),
    [
      { x: 0, y: 0 },
      { x: 300, y: 0 },
      { x: 600, y: 0 },
      { x: 900, y: 0 },
    ],
  );
});

t.test('a 200-step DAG: every edge points right and no steps overlap', async (t) => {
  const nodes: LayoutNode[] = [];
  const edges: Edge[] = [];
  for (let i = 0; i < 200; i++) {
    nodes.push(box(`s${i}`, 78 + (i % 3) * 20));
    if (i >= 1) edges.push({ from: `s${i - 1}`, to: `s${i}` });
    if (i >= 4 && i % 4 === 0) edges.push({ from: `s${i - 4}`, to: `s${i}` });
    if (i >= 7 && i % 7 === 0) edges.push({ from: `s${i - 7}`, to: `s${i}` });
  }
  const at = layeredLayout(nodes, edges);
  t.equal(at.size, 200, 'every step has a place');
  t.same(
    edges.filter((e) => at.get(e.from)!.x + 230 >= at.get(e.to)!.x),
    [],
    'each step is right of every step it runs after',
  );
  t.same(overlaps(nodes, at), [], 'no two steps overlap');
});

t.test('two interleaved chains stay level: the columns do not drift down the page', async (t) => {
  const nodes: LayoutNode[] = [];
  const edges: Edge[] = [];
  for (let i = 0; i < 20; i++) {
    nodes.push(box(`s${i}`));
    if (i >= 1) edges.push({ from: `s${i % 2 ? Math.max(0, i - 2) : i - 1}`, to: `s${i}` });
  }
  const at = layeredLayout(nodes, edges);
  const ys = [...at.values()].map((p) => p.y);
  t.ok(Math.max(...ys) - Math.min(...ys) < 3 * 96, `the whole pipeline spans less than three step heights (${Math.min(...ys)} to ${Math.max(...ys)})`);
  t.same(overlaps(nodes, at), []);
});

t.test('siblings are ordered like their parents, so their connections do not cross', async (t) => {
  // a runs before x, b before y; listed as y, x the naive order would cross a→x and b→y.
  const nodes = ['a', 'b', 'y', 'x'].map((id) => box(id));
  const at = layeredLayout(nodes, [
    { from: 'a', to: 'x' },
    { from: 'b', to: 'y' },
  ]);
  t.ok(at.get('a')!.y < at.get('b')!.y, 'a above b (listed first)');
  t.ok(at.get('x')!.y < at.get('y')!.y, 'so x is above y');
  t.same(overlaps(nodes, at), []);
});

t.test('a cycle, a self edge or an edge to an unknown step does not hang it or lose a step', async (t) => {
  const nodes = ['a', 'b', 'c'].map((id) => box(id));
  const at = layeredLayout(nodes, [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
    { from: 'c', to: 'c' },
    { from: 'ghost', to: 'c' },
  ]);
  t.same([...at.keys()].sort(), ['a', 'b', 'c']);
  t.same(overlaps(nodes, at), []);
});
