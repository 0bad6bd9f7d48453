// Type-only: how the driver ports appear on a Fastify instance (`app.auth`, `app.ingress`,
// `app.placement`). Drivers import this instead of core's kernel; it emits no runtime code.
import type { IngressPort } from './ingress.js';
import type { AuthPort, PlacementPort } from './ports.js';

declare module 'fastify' {
  interface FastifyInstance {
    placement: PlacementPort;
    ingress?: IngressPort;
    auth: AuthPort;
  }
}

export type { AuthPort, IngressPort, PlacementPort };
