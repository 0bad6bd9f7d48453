// Placement check `labels`: a project's nodeSelector ({label: value}) must all be present on the node.
import fp from 'fastify-plugin';
import '@nullops/core/contracts/fastify';
import type { PlacementCheck } from '@nullops/core/contracts';

export const labelsCheck: PlacementCheck = {
  name: 'labels',
  check(request, node) {
    const shortfalls = Object.entries(request.nodeSelector)
      .filter(([label, value]) => node.labels[label] !== value)
      .map(([label, value]) => ({ check: 'labels', resource: `label ${label}`, needed: value, available: node.labels[label] ?? '(not set)', message: `needs label ${label}=${value}, the node has ${label in node.labels ? `${label}=${node.labels[label]}` : 'no such label'}` }));
    return shortfalls.length ? { fits: false, shortfalls } : { fits: true, score: 0 };
  },
};

export default fp(async (app) => app.placement.register(labelsCheck), { name: '@nullops/driver-placement-labels', dependencies: ['nullops-placement-port'] });
