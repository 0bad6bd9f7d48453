// The canvas's connections, drawn as plain SVG curves rather than a Vue component each (a 200-step
// pipeline has about 250 of them and they show no text): a curve from a step's right dot to the next
// step's left dot, its ends from the socket positions (arithmetic on node positions, see
// socket-positions.ts), written onto the path when either end moves. While a connection is being
// drawn, its loose end is the pointer, which Rete sends as `start` or `end`.
import { classicConnectionPath, loopConnectionPath } from 'rete-render-utils';
import type { StepSocketPositions } from './socket-positions';
import './connection-lines.css';

interface Point {
  x: number;
  y: number;
}

/** The part of Rete's render and unmount signals this reads. */
export interface ConnectionSignal {
  type: string;
  data: { type?: string; element: HTMLElement; payload?: { source: string; target: string; isLoop?: boolean }; start?: Point; end?: Point; filled?: boolean };
}

interface Line {
  path: SVGPathElement;
  isLoop: boolean;
  from?: Point;
  to?: Point;
  stop: () => void;
}

const SVG = 'http://www.w3.org/2000/svg';
const CURVATURE = 0.3;

export class ConnectionLines {
  private readonly lines = new Map<HTMLElement, Line>();

  constructor(private readonly sockets: StepSocketPositions) {}

  /** An area pipe, placed before the Vue renderer: draws connections and marks them filled so nothing else does. */
  readonly pipe = <T>(context: T): T => {
    const signal = context as unknown as ConnectionSignal;
    if (signal.type === 'unmount') this.remove(signal.data.element);
    if (signal.type !== 'render' || signal.data.type !== 'connection' || !signal.data.payload) return context;
    this.draw(signal.data.element, signal.data.payload, signal.data.start, signal.data.end);
    return { ...signal, data: { ...signal.data, filled: true } } as unknown as T;
  };

  private draw(element: HTMLElement, payload: NonNullable<ConnectionSignal['data']['payload']>, start?: Point, end?: Point) {
    let line = this.lines.get(element);
    if (!line) {
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('class', 'order-connection');
      svg.setAttribute('data-testid', 'connection');
      const path = document.createElementNS(SVG, 'path');
      svg.appendChild(path);
      element.appendChild(svg);
      const made: Line = { path, isLoop: Boolean(payload.isLoop), stop: () => undefined };
      const stops = [
        start ? undefined : this.sockets.listen(payload.source, 'output', 'out', (p) => ((made.from = p), curve(made))),
        end ? undefined : this.sockets.listen(payload.target, 'input', 'in', (p) => ((made.to = p), curve(made))),
      ];
      made.stop = () => stops.forEach((stop) => stop?.());
      this.lines.set(element, (line = made));
    }
    if (start) line.from = start;
    if (end) line.to = end;
    curve(line);
  }

  private remove(element: HTMLElement) {
    const line = this.lines.get(element);
    if (!line) return;
    line.stop();
    line.path.parentElement?.remove();
    this.lines.delete(element);
  }
}

function curve(line: Line) {
  if (!line.from || !line.to) return;
  line.path.setAttribute('d', line.isLoop ? loopConnectionPath([line.from, line.to], CURVATURE, 120) : classicConnectionPath([line.from, line.to], CURVATURE));
}
