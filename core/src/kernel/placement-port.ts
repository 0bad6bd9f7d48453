// The placement port: placement-check drivers register here (`app.placement.register(check)`), and the
// deployments module asks it where a deployment fits. Registered before the drivers load.
import fp from 'fastify-plugin';
import type { PlacementCheck } from '../contracts/ports.js';
import '../contracts/fastify.js';

export const placementPort = fp(
  async (app) => {
    const checks: PlacementCheck[] = [];
    app.decorate('placement', {
      checks,
      register(check: PlacementCheck) {
        if (checks.some((c) => c.name === check.name)) throw new Error(`placement check "${check.name}" is registered twice`);
        checks.push(check);
      },
    });
  },
  { name: 'nullops-placement-port' },
);
