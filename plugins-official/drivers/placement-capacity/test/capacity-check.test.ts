// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The capacity check lets a deployment onto a node only when unallocated CPU and memory cover it.
import t from 'tap';
import { capacityCheck } from '../src/index.js';

const node = (allocated: { cpu: number; memoryMb: number }) => ({
  id: 'n1', name: 'n1', labels: {}, capacity: { cpu: 4, memoryMb: 8192 }, allocated, usage: { cpuPercent: 0, memoryMb: 0 },
});
const request = { resources: { cpu: 1, memoryMb: 1024 }, nodeSelector: {} };

t.test('fits with room to spare, and an emptier node scores higher', async (t) => {
  const empty = capacityCheck.check(request, node({ cpu: 0, memoryMb: 0 }));
  const busy = capacityCheck.check(request, node({ cpu: 2, memoryMb: 4096 }));
  t.equal(empty.fits, true);
  t.equal(busy.fits, true);
  t.ok(empty.fits && busy.fits && empty.score > busy.score);
});

t.test('an exact fit still fits', async (t) => {
  t.equal(capacityCheck.check(request, node({ cpu: 3, memoryMb: 7168 })).fits, true);
});

t.test('short on memory names memory with what is left', async (t) => {
  const verdict = capacityCheck.check(request, node({ cpu: 0, memoryMb: 7600 }));
  t.equal(verdict.fits, false);
  if (!verdict.fits) {
    t.equal(verdict.shortfalls.length, 1);
    t.match(verdict.shortfalls[0], { resource: 'memoryMb', needed: 1024, available: 592 });
  }
});

t.test('short on both names both', async (t) => {
  const verdict = capacityCheck.check(request, node({ cpu: 3.5, memoryMb: 8000 }));
  t.equal(verdict.fits, false);
  if (!verdict.fits) t.same(verdict.shortfalls.map((s) => s.resource), ['cpu', 'memoryMb']);
});
