// How the canvas draws its steps and connections with rete-vue-plugin, kept lean because a pipeline
// can have hundreds of steps: every element is rendered into its place within one shared Vue app
// context (not a Vue app of its own); sockets get no component (StepNodeView draws its dots); a
// connection is a plain SVG curve (connection-lines.ts, no component, no async path event);
// and far out, where a step's text could not be read anyway, a step is drawn in its far form (see
// StepNodeView) — decided before the steps are drawn, so a pipeline opened fitted to the screen draws
// each step once.
import { createApp, defineComponent, h, render as renderInto, shallowRef, type Component, type ShallowRef, type VNode } from 'vue';
import { VuePlugin } from 'rete-vue-plugin';
import type { BaseSchemes } from 'rete';
import StepNodeView from './StepNodeView.vue';
import CanvasMinimap from './CanvasMinimap.vue';
import { ConnectionLines } from './connection-lines';
import type { StepSocketPositions } from './socket-positions';

/** The minimap's height in pixels. */
const MINIMAP_SIZE = 160;

/** Below this zoom a step is drawn in its far form: its text would be under 4 px high. */
export const FAR_ZOOM = 0.3;

/**
 * What rete-vue-plugin hands each element to render: a render function, and hooks that announce a
 * `rendered` event through every plugin. Only rete-render-utils' DOM socket watcher listens for that
 * event, and the canvas does not use it (see socket-positions.ts), so the hooks are not called.
 */
interface RenderContext {
  render: () => VNode;
}

const sharedContext = createApp({})._context;
/** The root of each element: one component type for all of them, with no options to apply per instance. */
const ElementRoot = defineComponent({
  props: { context: { type: Object as () => RenderContext, required: true } },
  setup(props) {
    return () => props.context.render();
  },
});

function renderedInPlace(context: RenderContext) {
  let mountedIn: Element | undefined;
  return {
    mount(element: Element) {
      mountedIn = element;
      const vnode = h(ElementRoot, { context });
      vnode.appContext = sharedContext;
      renderInto(vnode, element);
    },
    unmount() {
      if (mountedIn) renderInto(null, mountedIn);
      mountedIn = undefined;
    },
  };
}

export interface CanvasRender<Schemes extends BaseSchemes, Extra> {
  plugin: VuePlugin<Schemes, Extra>;
  /** Whether steps are drawn in their far form now (set from the zoom by `followZoom`). */
  far: ShallowRef<boolean>;
  /** Draws steps in the form that suits zoom `k`. */
  followZoom: (k: number) => void;
  /** The area pipe that draws connections: add it to the area before the plugin. */
  connections: <T>(context: T) => T;
}

interface RenderData {
  type: string;
  payload: { id: string };
}

/** The Vue plugin with the step preset (nodes; no sockets, connections are drawn by `connections`) and the minimap's. */
export function createCanvasRender<Schemes extends BaseSchemes, Extra>(sockets: StepSocketPositions): CanvasRender<Schemes, Extra> {
  const far = shallowRef(false);
  const plugin = new VuePlugin<Schemes, Extra>({ setup: (context) => renderedInPlace(context as unknown as RenderContext) as never });
  plugin.addPreset({
    attach: (scope: unknown) => sockets.attach(scope as never),
    render(context: { data: RenderData }, scope: { parentScope: () => { emit: (signal: unknown) => unknown } }) {
      const data = context.data;
      if (data.type === 'node') {
        const area = scope.parentScope();
        return { component: StepNodeView as Component, props: { data: data.payload, emit: area.emit.bind(area), far } };
      }
      // Sockets are StepNodeView's own dots; nothing else is drawn by this preset.
      return undefined;
    },
    update(context: { data: RenderData }) {
      const data = context.data;
      return data.type === 'node' ? { data: data.payload } : undefined;
    },
  } as never);
  // The minimap (CanvasMinimap.vue draws what rete-minimap-plugin computes).
  const minimapProps = (data: Record<string, unknown>) => ({ nodes: data.nodes, size: MINIMAP_SIZE, ratio: data.ratio, viewport: data.viewport, translate: data.translate, point: data.point });
  plugin.addPreset({
    render: (context: { data: { type: string } }) => (context.data.type === 'minimap' ? { component: CanvasMinimap as Component, props: minimapProps(context.data) } : undefined),
    update: (context: { data: { type: string } }) => (context.data.type === 'minimap' ? minimapProps(context.data) : undefined),
  } as never);
  return {
    plugin,
    far,
    connections: new ConnectionLines(sockets).pipe,
    followZoom(k) {
      const next = k < FAR_ZOOM;
      if (far.value !== next) far.value = next;
    },
  };
}
