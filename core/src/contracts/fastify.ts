// Type-only: how the driver ports appear on a Fastify instance (`app.auth`, `app.ingress`,
// `app.placement`) and what core offers drivers (`app.identity`). Drivers import this instead of core's kernel; it emits no runtime code.
import type { IngressPort } from './ingress.js';
import type { AuthPort, IdentityDirectory, PlacementPort } from './ports.js';

declare module 'fastify' {
  interface FastifyInstance {
    placement: PlacementPort;
    ingress?: IngressPort;
    auth: AuthPort;
    /** Core's user directory, for auth drivers (sessions, tokens, passwords, external users). */
    identity: IdentityDirectory;
  }
}

export type { AuthPort, IdentityDirectory, IngressPort, PlacementPort };
