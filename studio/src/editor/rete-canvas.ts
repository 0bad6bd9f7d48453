// The Rete v2 canvas behind the editor: one node per step, one connection per edge. It owns what
// Rete owns (nodes, connections, positions, selection, undo/redo, arrange, zoom) and tells the page
// about every change; the page owns the catalog, validation and the inspector. Edits made in the
// inspector come back through `updateStep` so they join the same undo history as drawing does.
import { ClassicPreset, NodeEditor, type GetSchemes } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { ConnectionPlugin, Presets as ConnectionPresets } from 'rete-connection-plugin';
import type { VueArea2D } from 'rete-vue-plugin';
import { HistoryPlugin, Presets as HistoryPresets, type HistoryAction } from 'rete-history-plugin';
import { ContextMenuPlugin, type ContextMenuExtra } from 'rete-context-menu-plugin';
import { MinimapPlugin, type MinimapExtra } from 'rete-minimap-plugin';
import { markRaw } from 'vue';
import CanvasMenu from './CanvasMenu.vue';
import { StepSocketPositions } from './socket-positions';
import { createCanvasRender } from './canvas-render';
import { fitView, type Rect } from './model/fit-view';
import { layeredLayout } from './model/layered-layout';
import { wouldCreateCycle, type Edge, type PipelineGraph, type Position, type StepDefinition } from './model/pipeline-graph';

const socket = new ClassicPreset.Socket('order');
export const NODE_WIDTH = 230;

/** What the node shows besides the step: set by the page from the catalog and the validator. */
export interface StepDecoration {
  title: string;
  subtitle: string;
  lines: { label: string; value: string; missing?: boolean }[];
  problems: string[];
}

export class StepNode extends ClassicPreset.Node {
  width = NODE_WIDTH;
  height = 96;
  decoration: StepDecoration = { title: '', subtitle: '', lines: [], problems: [] };

  constructor(public step: StepDefinition) {
    super(step.id);
    this.addInput('in', new ClassicPreset.Input(socket, '', true));
    this.addOutput('out', new ClassicPreset.Output(socket, ''));
  }
}

class OrderConnection extends ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node> {}

type Schemes = GetSchemes<StepNode, OrderConnection>;
type AreaExtra = VueArea2D<Schemes> | ContextMenuExtra | MinimapExtra;

export interface CanvasEvents {
  /** Anything the saved definition depends on changed (steps, edges, positions). */
  changed: () => void;
  selected: (stepId: string | undefined) => void;
  /** A connection was refused; the sentence says why. */
  refused: (message: string) => void;
}

export interface CanvasOptions {
  readOnly: boolean;
  /** Entries for the right-click menu: label and a factory for the step to add there. */
  menu: () => [string, [string, () => StepDefinition][]][];
  decorate: (step: StepDefinition) => StepDecoration;
}

export interface PipelineCanvas {
  /** Draws the graph, fitted to the screen. */
  load(graph: PipelineGraph): Promise<void>;
  graph(): PipelineGraph;
  addStep(step: StepDefinition, at?: Position): Promise<void>;
  /** The step as the canvas holds it now. */
  stepOf(stepId: string): StepDefinition | undefined;
  updateStep(stepId: string, step: StepDefinition): void;
  redecorate(): void;
  removeSelected(): Promise<void>;
  select(stepId: string | undefined): void;
  arrange(): Promise<void>;
  zoomToFit(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** The canvas point under client coordinates (for drops from the palette). */
  pointAt(clientX: number, clientY: number): Position;
  destroy(): void;
}

export async function createPipelineCanvas(container: HTMLElement, events: CanvasEvents, options: CanvasOptions): Promise<PipelineCanvas> {
  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const history = new HistoryPlugin<Schemes>();
  let loading = false;
  let selectedId: string | undefined;
  // Many Rete events arrive together (an arrange moves every node): tell the page once per batch.
  let changePending = false;
  const changed = () => {
    if (changePending) return;
    changePending = true;
    setTimeout(() => {
      changePending = false;
      events.changed();
    }, 16);
  };

  // Connection ends come from node positions and widths, never from measuring socket elements; the
  // dots are drawn by StepNodeView itself, so sockets get no component (and no Vue app) of their own.
  const sockets = new StepSocketPositions((nodeId) => editor.getNode(nodeId)?.width);
  const drawing = createCanvasRender<Schemes, AreaExtra>(sockets);
  const render = drawing.plugin;
  editor.use(area);
  area.addPipe(drawing.connections);
  area.use(render);

  if (!options.readOnly) {
    const connection = new ConnectionPlugin<Schemes, AreaExtra>();
    connection.addPreset(ConnectionPresets.classic.setup());
    area.use(connection);
    history.addPreset(HistoryPresets.classic.setup());
    area.use(history);
    // On the canvas: the palette's entries, the new step placed where the menu was opened (not where
    // the pointer is when an entry is picked); on a step: Delete; on a connection: Delete connection.
    const contextMenu = new ContextMenuPlugin<Schemes>({
      items: (context) => {
        const target = context as unknown;
        if (target === 'root') {
          const at = { x: Math.round(area.area.pointer.x), y: Math.round(area.area.pointer.y) };
          const list = options.menu().map(([group, entries], i) => ({
            label: group,
            key: `group-${i}`,
            handler: () => undefined,
            subitems: entries.map(([label, make], j) => ({ label, key: `entry-${i}-${j}`, handler: () => void canvas.addStep(make(), at) })),
          }));
          return { searchBar: true, list };
        }
        if (target instanceof StepNode) return { searchBar: false, list: [{ label: 'Delete', key: 'delete', handler: () => void removeNodes([target]) }] };
        if (target instanceof OrderConnection) return { searchBar: false, list: [{ label: 'Delete connection', key: 'delete', handler: () => void removeConnection(target.id) }] };
        return { searchBar: false, list: [] };
      },
    });
    area.use(contextMenu);
    // Drawn by our own menu (CanvasMenu.vue): searchable over every entry, wide enough to read.
    const menuProps = (data: { items: unknown; searchBar: boolean; onHide: () => void }) => ({ items: data.items, searchBar: data.searchBar, onHide: data.onHide });
    render.addPreset({
      render: (context: { data: { type: string } }) => (context.data.type === 'contextmenu' ? { component: CanvasMenu, props: menuProps(context.data as never) } : undefined),
      update: (context: { data: { type: string } }) => (context.data.type === 'contextmenu' ? menuProps(context.data as never) : undefined),
    } as never);
  }
  // The frame of what is on screen stays inside the map (by default it could cover the whole map when zoomed out).
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  // The minimap redraws every node on every node event; once per frame is enough (a 200-step arrange
  // moves 200 nodes at once).
  const redrawMinimap = (minimap as unknown as { render: () => void }).render.bind(minimap);
  let minimapFrame = 0;
  (minimap as unknown as { render: () => void }).render = () => {
    if (!minimapFrame) minimapFrame = requestAnimationFrame(() => {
      minimapFrame = 0;
      redrawMinimap();
    });
  };
  area.use(minimap);

  const selector = AreaExtensions.selector();
  AreaExtensions.selectableNodes(area, selector, { accumulating: AreaExtensions.accumulateOnCtrl() });
  AreaExtensions.simpleNodesOrder(area);

  const nodeFor = (step: StepDefinition) => {
    const node = new StepNode(step);
    node.decoration = options.decorate(step);
    node.height = heightFor(node.decoration);
    return markRaw(node);
  };
  const stepIdOf = (nodeId: string) => editor.getNode(nodeId)?.step.id;
  const edges = (): Edge[] =>
    editor.getConnections().flatMap((c) => {
      const from = stepIdOf(c.source);
      const to = stepIdOf(c.target);
      return from && to ? [{ from, to }] : [];
    });

  editor.addPipe((context) => {
    if (context.type === 'connectioncreate' && !loading) {
      const from = stepIdOf(context.data.source);
      const to = stepIdOf(context.data.target);
      if (!from || !to) return undefined;
      if (edges().some((e) => e.from === from && e.to === to)) return undefined;
      if (wouldCreateCycle(edges(), from, to)) {
        events.refused(from === to ? `A step cannot run after itself.` : `“${to}” already runs before “${from}”: connecting ${from} → ${to} would make a cycle.`);
        return undefined;
      }
    }
    if (options.readOnly && !loading && (context.type === 'connectionremove' || context.type === 'noderemove' || context.type === 'nodecreate')) return undefined;
    return context;
  });
  editor.addPipe((context) => {
    if (!loading && ['nodecreated', 'noderemoved', 'connectioncreated', 'connectionremoved'].includes(context.type)) {
      if (context.type === 'noderemoved' && context.data.id === selectedId) setSelected(undefined);
      changed();
    }
    return context;
  });
  area.addPipe((context) => {
    if (context.type === 'nodetranslate') {
      if (options.readOnly && !loading) return undefined;
      // Whole pixels: a saved position reopens exactly where it was.
      const { x, y } = context.data.position;
      return { ...context, data: { ...context.data, position: { x: Math.round(x), y: Math.round(y) } } };
    }
    if (context.type === 'nodetranslated' && !loading) changed();
    if (context.type === 'nodepicked') setSelected(context.data.id);
    if (context.type === 'zoomed') drawing.followZoom(area.area.transform.k);
    if (context.type === 'pointerdown' && context.data.event.target === area.container) setSelected(undefined);
    return context;
  });

  function setSelected(nodeId: string | undefined) {
    if (nodeId === selectedId) return;
    selectedId = nodeId;
    events.selected(nodeId ? stepIdOf(nodeId) : undefined);
  }

  /** Removes steps with their connections, as one undo step. */
  async function removeNodes(doomed: StepNode[]) {
    history.separate();
    for (const node of doomed) {
      for (const c of editor.getConnections().filter((c) => c.source === node.id || c.target === node.id)) await editor.removeConnection(c.id);
      await editor.removeNode(node.id);
    }
  }
  async function removeConnection(id: string) {
    history.separate();
    await editor.removeConnection(id);
  }

  /** Zooms and pans so that every rectangle is on screen (with a margin); nothing to fit leaves the view as it is. */
  async function fitTo(rects: Rect[]) {
    const view = fitView(rects, { width: container.clientWidth, height: container.clientHeight });
    if (!view) return;
    area.area.transform.x = view.x;
    area.area.transform.y = view.y;
    await area.area.zoom(view.k, 0, 0);
  }

  const nodeByStep = (stepId: string) => editor.getNodes().find((n) => n.step.id === stepId);

  const canvas: PipelineCanvas = {
    async load(graph) {
      loading = true;
      try {
        await editor.clear();
        const placed = graph.nodes.map(({ step, position }) => ({ node: nodeFor(step), position }));
        // Fitted before anything is drawn, so each step is drawn once, in the form that suits the zoom.
        await fitTo(placed.map(({ node, position }) => ({ ...position, width: node.width, height: node.height })));
        const ids = new Map<string, StepNode>();
        for (const { node, position } of placed) {
          ids.set(node.step.id, node);
          await editor.addNode(node);
          // A real move, not a quiet one: the undo history learns each step's position from it (and
          // needs it to put a deleted step back).
          await area.translate(node.id, position);
        }
        for (const e of graph.edges) {
          const a = ids.get(e.from);
          const b = ids.get(e.to);
          if (a && b) await editor.addConnection(new OrderConnection(a, 'out', b, 'in'));
        }
        if (!options.readOnly) history.clear();
      } finally {
        loading = false;
      }
      setSelected(undefined);
    },
    graph() {
      return {
        nodes: editor.getNodes().map((n) => ({ step: n.step, position: { ...(area.nodeViews.get(n.id)?.position ?? { x: 0, y: 0 }) } })),
        edges: edges(),
      };
    },
    async addStep(step, at) {
      if (!options.readOnly) history.separate();
      const node = nodeFor(step);
      await editor.addNode(node);
      // Without a drop point: right of the rightmost step, so a new step never hides another.
      const placed = editor
        .getNodes()
        .filter((n) => n.id !== node.id)
        .map((n) => area.nodeViews.get(n.id)?.position)
        .filter((p): p is Position => p !== undefined);
      const rightmost = placed.reduce<Position | undefined>((best, p) => (!best || p.x > best.x ? p : best), undefined);
      const view = area.area;
      const fallback = rightmost ? { x: rightmost.x + NODE_WIDTH + 60, y: rightmost.y } : { x: (-view.transform.x + container.clientWidth / 3) / view.transform.k, y: (-view.transform.y + container.clientHeight / 3) / view.transform.k };
      await area.translate(node.id, at ?? fallback);
      setSelected(node.id);
      changed();
    },
    stepOf(stepId) {
      return nodeByStep(stepId)?.step;
    },
    updateStep(stepId, step) {
      const node = nodeByStep(stepId);
      if (!node) return;
      const before = node.step;
      const apply = (value: StepDefinition) => {
        node.step = value;
        node.label = value.id;
        node.decoration = options.decorate(value);
        node.height = heightFor(node.decoration);
        void area.update('node', node.id);
        // At once: the inspector shows the step from the page's copy while someone types.
        events.changed();
      };
      apply(step);
      if (!options.readOnly) history.separate();
      if (!options.readOnly) history.add({ undo: () => apply(before), redo: () => apply(step) } satisfies HistoryAction);
    },
    redecorate() {
      for (const node of editor.getNodes()) {
        node.decoration = options.decorate(node.step);
        node.height = heightFor(node.decoration);
        void area.update('node', node.id);
      }
    },
    async removeSelected() {
      if (options.readOnly) return;
      await removeNodes(editor.getNodes().filter((n) => n.selected || n.id === selectedId));
    },
    select(stepId) {
      const node = stepId ? nodeByStep(stepId) : undefined;
      setSelected(node?.id);
    },
    async arrange() {
      // Laid out from the sizes the nodes are drawn with: no DOM reads, one translate per node.
      const nodes = editor.getNodes();
      const positions = layeredLayout(nodes, editor.getConnections().map((c) => ({ from: c.source, to: c.target })));
      if (!options.readOnly) history.separate();
      for (const node of nodes) await area.translate(node.id, positions.get(node.id)!);
      changed();
    },
    async zoomToFit() {
      await fitTo(editor.getNodes().map((n) => ({ ...(area.nodeViews.get(n.id)?.position ?? { x: 0, y: 0 }), width: n.width, height: n.height })));
    },
    undo: () => history.undo(),
    redo: () => history.redo(),
    pointAt(clientX, clientY) {
      const rect = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return { x: Math.round((clientX - rect.left - x) / k), y: Math.round((clientY - rect.top - y) / k) };
    },
    destroy() {
      area.destroy();
    },
  };
  return canvas;
}

function heightFor(decoration: StepDecoration): number {
  return 58 + decoration.lines.length * 20 + (decoration.problems.length ? 22 : 0);
}
