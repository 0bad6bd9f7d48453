// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// Zoom to fit (and the view a pipeline opens in): every step on screen, centred, with a margin, and a
// small pipeline is never magnified past 100 %.
import t from 'tap';
import { fitView, type Rect } from '../../src/editor/model/fit-view.js';

const screen = { width: 1000, height: 600 };
const onScreen = (rects: Rect[], view: { k: number; x: number; y: number }) =>
  rects.every((r) => r.x * view.k + view.x >= 0 && r.y * view.k + view.y >= 0 && (r.x + r.width) * view.k + view.x <= screen.width && (r.y + r.height) * view.k + view.y <= screen.height);

t.test('a wide pipeline is zoomed out until every step is on screen, centred, with a margin', async (t) => {
  const rects = Array.from({ length: 200 }, (_, i) => ({ x: i * 300, y: (i % 3) * 140, width: 230, height: 96 }));
  const view = fitView(rects, screen)!;
  t.ok(onScreen(rects, view), 'every step is on screen');
  const left = view.x;
  const right = (199 * 300 + 230) * view.k + view.x;
  t.ok(Math.abs(left - (screen.width - right)) < 0.001, 'with the same space left and right');
  t.ok(Math.abs(right - left - screen.width * 0.9) < 0.001, 'and the pipeline takes 90 % of the width');
});

t.test('a small pipeline stays at 100 %, centred', async (t) => {
  const rects = [{ x: -50, y: 20, width: 230, height: 96 }];
  const view = fitView(rects, screen)!;
  t.equal(view.k, 1, 'not magnified');
  t.same({ x: view.x + (-50 + 115), y: view.y + (20 + 48) }, { x: 500, y: 300 }, 'its centre is the screen centre');
});

t.test('nothing to fit, or no screen yet, leaves the view as it is', async (t) => {
  t.equal(fitView([], screen), undefined, 'no steps');
  t.equal(fitView([{ x: 0, y: 0, width: 230, height: 96 }], { width: 0, height: 0 }), undefined, 'a canvas not laid out');
});
