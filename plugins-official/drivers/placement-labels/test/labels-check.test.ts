// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The labels check places a project with a nodeSelector only on nodes carrying every label.
import t from 'tap';
import { labelsCheck } from '../src/index.js';

const node = (labels: Record<string, string>) => ({
  id: 'n1', name: 'n1', labels, capacity: { cpu: 2, memoryMb: 4096 }, allocated: { cpu: 0, memoryMb: 0 }, usage: { cpuPercent: 0, memoryMb: 0 },
});
const request = (nodeSelector: Record<string, string>) => ({ resources: { cpu: 1, memoryMb: 256 }, nodeSelector });

t.test('no selector fits any node', async (t) => {
  t.equal(labelsCheck.check(request({}), node({})).fits, true);
});

t.test('all selected labels present fits', async (t) => {
  t.equal(labelsCheck.check(request({ disk: 'ssd', zone: 'a' }), node({ disk: 'ssd', zone: 'a', gpu: 'no' })).fits, true);
});

t.test('a wrong value and a missing label are both named', async (t) => {
  const verdict = labelsCheck.check(request({ disk: 'ssd', zone: 'a' }), node({ disk: 'hdd' }));
  t.equal(verdict.fits, false);
  if (!verdict.fits) {
    t.same(verdict.shortfalls.map((s) => s.resource), ['label disk', 'label zone']);
    t.match(verdict.shortfalls[1].message, /no such label/);
  }
});
