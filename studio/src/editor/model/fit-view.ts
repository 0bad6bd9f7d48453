// Zoom to fit: the canvas transform that shows every step, centred, with a margin, never magnified
// past 100 %. Pure, on the sizes the steps are drawn with, so it needs no layout from the browser
// (the same rule as rete-area-plugin's zoomAt with scale 0.9).
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the screen the fitted steps may take. */
const MARGIN_SCALE = 0.9;

/** The transform (`k` the zoom, `x`/`y` the pan in screen pixels) that fits `rects` on `screen`, or undefined when there is nothing to fit. */
export function fitView(rects: readonly Rect[], screen: { width: number; height: number }): { k: number; x: number; y: number } | undefined {
  if (!rects.length || screen.width <= 0 || screen.height <= 0) return undefined;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  const k = Math.min((screen.width / (right - left)) * MARGIN_SCALE, (screen.height / (bottom - top)) * MARGIN_SCALE, 1);
  return { k, x: screen.width / 2 - ((left + right) / 2) * k, y: screen.height / 2 - ((top + bottom) / 2) * k };
}
