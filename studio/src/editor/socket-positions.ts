// Where a connection starts and ends, computed from the node's position and its known width instead
// of measuring each socket in the DOM. Every step node has one input dot on its left edge and one
// output dot on its right edge at the same height (StepNodeView places them with these numbers), so
// a socket's point is arithmetic. Listeners are kept per node: moving a node tells only its own
// connections, where Rete's DOM watcher re-measured and told every connection on every move — the
// cost that made a 200-step pipeline take seconds to open and arrange.
import type { Scope } from 'rete';
import { BaseAreaPlugin } from 'rete-area-plugin';
import type { SocketPositionWatcher } from 'rete-render-utils';

/** The socket dots' centre, from the node's top edge. */
export const SOCKET_CENTER_Y = 36;
/** How far outside the node edge a connection ends (the dot's radius), so the line meets the dot. */
export const SOCKET_REACH = 9;

type Side = 'input' | 'output';
type OnChange = (point: { x: number; y: number }) => void;
interface Listener {
  side: Side;
  onChange: OnChange;
}
interface AreaLike {
  nodeViews: Map<string, { position: { x: number; y: number } }>;
  addPipe(pipe: (context: unknown) => unknown): void;
}

export class StepSocketPositions implements SocketPositionWatcher<Scope<never, [never]>> {
  private area: AreaLike | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  /** `widthOf` answers a node's width (the same number its view is drawn with). */
  constructor(private readonly widthOf: (nodeId: string) => number | undefined) {}

  attach(scope: Scope<never, [never]>): void {
    if (this.area || !scope.hasParent()) return;
    this.area = scope.parentScope(BaseAreaPlugin) as unknown as AreaLike;
    this.area.addPipe((context) => {
      const event = context as { type?: string; data?: { id?: string } };
      if ((event.type === 'nodetranslated' || event.type === 'noderesized') && event.data?.id) this.notify(event.data.id);
      return context;
    });
  }

  listen(nodeId: string, side: Side, _key: string, onChange: OnChange): () => void {
    let forNode = this.listeners.get(nodeId);
    if (!forNode) this.listeners.set(nodeId, (forNode = new Set()));
    const listener = { side, onChange };
    forNode.add(listener);
    this.tell(nodeId, listener);
    return () => {
      forNode.delete(listener);
      if (!forNode.size) this.listeners.delete(nodeId);
    };
  }

  /** The socket point in canvas coordinates, or undefined while the node has no view. */
  point(nodeId: string, side: Side): { x: number; y: number } | undefined {
    const view = this.area?.nodeViews.get(nodeId);
    const width = this.widthOf(nodeId);
    if (!view || width === undefined) return undefined;
    const { x, y } = view.position;
    return { x: side === 'input' ? x - SOCKET_REACH : x + width + SOCKET_REACH, y: y + SOCKET_CENTER_Y };
  }

  private notify(nodeId: string): void {
    for (const listener of this.listeners.get(nodeId) ?? []) this.tell(nodeId, listener);
  }

  private tell(nodeId: string, listener: Listener): void {
    const point = this.point(nodeId, listener.side);
    if (point) listener.onChange(point);
  }
}
