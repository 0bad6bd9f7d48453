// Placement check `capacity`: the CPU and memory already allocated to a node's deployments plus the
// request must fit the node's capacity. Prefers the node left with the most room.
import fp from 'fastify-plugin';
import '@nullops/core/contracts/fastify';
import type { PlacementCheck } from '@nullops/core/contracts';

export const capacityCheck: PlacementCheck = {
  name: 'capacity',
  check(request, node) {
    const cpuLeft = node.capacity.cpu - node.allocated.cpu;
    const memoryLeft = node.capacity.memoryMb - node.allocated.memoryMb;
    const shortfalls = [];
    if (request.resources.cpu > cpuLeft + 1e-9) {
      shortfalls.push({ check: 'capacity', resource: 'cpu', needed: request.resources.cpu, available: round(cpuLeft), message: `needs ${request.resources.cpu} CPU, ${round(cpuLeft)} of ${node.capacity.cpu} unallocated` });
    }
    if (request.resources.memoryMb > memoryLeft) {
      shortfalls.push({ check: 'capacity', resource: 'memoryMb', needed: request.resources.memoryMb, available: memoryLeft, message: `needs ${request.resources.memoryMb} MiB, ${memoryLeft} of ${node.capacity.memoryMb} MiB unallocated` });
    }
    if (shortfalls.length) return { fits: false, shortfalls };
    const room = (cpuLeft - request.resources.cpu) / node.capacity.cpu + (memoryLeft - request.resources.memoryMb) / node.capacity.memoryMb;
    return { fits: true, score: room / 2 };
  },
};

const round = (n: number) => Math.round(n * 100) / 100;

export default fp(async (app) => app.placement.register(capacityCheck), { name: '@nullops/driver-placement-capacity', dependencies: ['nullops-placement-port'] });
