// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The search gate: at most its limit of database searches run at once, the others wait their turn in the
// order they came, and a failed search hands its turn over like any other.
import t from 'tap';
import { SearchGate } from '../src/packages/search-gate.js';

t.test('at most the limit at once; the others start in order as turns free up', async (t) => {
  const gate = new SearchGate(2);
  const started: number[] = [];
  const finish: (() => void)[] = [];
  const searches = [0, 1, 2, 3].map((i) =>
    gate.run(async () => {
      started.push(i);
      await new Promise<void>((resolve) => (finish[i] = resolve));
      return i;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  t.same(started, [0, 1], 'two run, two wait');
  t.equal(gate.queued, 2);
  finish[1]();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(started, [0, 1, 2], 'the first waiting one starts when a search ends');
  finish[0]();
  finish[2]();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(started, [0, 1, 2, 3]);
  finish[3]();
  t.same(await Promise.all(searches), [0, 1, 2, 3]);
  t.equal(gate.queued, 0);
});

t.test('a failed search gives its turn to the next', async (t) => {
  const gate = new SearchGate(1);
  const failing = gate.run(async () => {
    throw new Error('database down');
  });
  const next = gate.run(async () => 'answered');
  await t.rejects(failing, /database down/);
  t.equal(await next, 'answered');
  t.equal(await gate.run(async () => 'again'), 'again', 'the turn was not lost');
});
