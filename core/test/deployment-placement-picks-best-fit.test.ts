// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// Placement runs every check over every candidate: the best-scoring node that passes them all wins;
// when none does, each node's shortfalls are reported.
import t from 'tap';
import type { PlacementCheck, PlacementNode } from '../src/contracts/index.js';
import { placeDeployment } from '../src/modules/nodes/place-deployment.js';

const node = (name: string, freeCpu: number, labels: Record<string, string> = {}): PlacementNode => ({
  id: `id-${name}`, name, labels, capacity: { cpu: 4, memoryMb: 4096 }, allocated: { cpu: 4 - freeCpu, memoryMb: 0 }, usage: { cpuPercent: 0, memoryMb: 0 },
});
const cpuCheck: PlacementCheck = {
  name: 'cpu',
  check: (request, n) => {
    const free = n.capacity.cpu - n.allocated.cpu;
    return request.resources.cpu <= free ? { fits: true, score: free - request.resources.cpu } : { fits: false, shortfalls: [{ check: 'cpu', resource: 'cpu', needed: request.resources.cpu, available: free, message: 'short' }] };
  },
};
const zoneCheck: PlacementCheck = {
  name: 'zone',
  check: (request, n) => (request.nodeSelector.zone && n.labels.zone !== request.nodeSelector.zone ? { fits: false, shortfalls: [{ check: 'zone', resource: 'label zone', needed: request.nodeSelector.zone, available: n.labels.zone ?? '(none)', message: 'wrong zone' }] } : { fits: true, score: 0 }),
};

t.test('the node with the most room wins', async (t) => {
  const result = placeDeployment({ resources: { cpu: 1, memoryMb: 128 }, nodeSelector: {} }, [node('a', 1.5), node('b', 3), node('c', 2)], [cpuCheck]);
  t.equal(result.placed && result.node.name, 'b');
});

t.test('a node failing any check is out, even with the most room', async (t) => {
  const result = placeDeployment({ resources: { cpu: 1, memoryMb: 128 }, nodeSelector: { zone: 'eu' } }, [node('big', 4, { zone: 'us' }), node('small', 1, { zone: 'eu' })], [cpuCheck, zoneCheck]);
  t.equal(result.placed && result.node.name, 'small');
});

t.test('when nothing fits, every node says what was short', async (t) => {
  const result = placeDeployment({ resources: { cpu: 2, memoryMb: 128 }, nodeSelector: { zone: 'eu' } }, [node('a', 1, { zone: 'eu' }), node('b', 4, { zone: 'us' })], [cpuCheck, zoneCheck]);
  t.equal(result.placed, false);
  if (!result.placed) {
    t.same(result.shortfalls.map((s) => [s.node.name, s.shortfalls.map((x) => x.check)]), [['a', ['cpu']], ['b', ['zone']]]);
  }
});

t.test('no candidates means not placed with no shortfalls', async (t) => {
  t.same(placeDeployment({ resources: { cpu: 1, memoryMb: 1 }, nodeSelector: {} }, [], [cpuCheck]), { placed: false, shortfalls: [] });
});
