// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The pressure check refuses a node whose OS-reported memory or CPU use leaves no room.
import t from 'tap';
import { pressureCheck } from '../src/index.js';

const node = (usage: { cpuPercent: number; memoryMb: number }) => ({
  id: 'n1', name: 'n1', labels: {}, capacity: { cpu: 2, memoryMb: 10000 }, allocated: { cpu: 0, memoryMb: 0 }, usage,
});
const request = { resources: { cpu: 1, memoryMb: 1000 }, nodeSelector: {} };

t.test('a quiet node fits', async (t) => {
  t.equal(pressureCheck().check(request, node({ cpuPercent: 10, memoryMb: 2000 })).fits, true);
});

t.test('memory in use outside NullOps counts', async (t) => {
  const verdict = pressureCheck().check(request, node({ cpuPercent: 10, memoryMb: 8500 }));
  t.equal(verdict.fits, false);
  if (!verdict.fits) t.match(verdict.shortfalls[0], { resource: 'memoryMb', available: 500 });
});

t.test('a busy CPU refuses, and the limit is an option', async (t) => {
  t.equal(pressureCheck().check(request, node({ cpuPercent: 95, memoryMb: 0 })).fits, false);
  t.equal(pressureCheck({ maxCpuPercent: 99 }).check(request, node({ cpuPercent: 95, memoryMb: 0 })).fits, true);
});
