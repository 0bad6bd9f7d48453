// Deleting something still in use is refused with 409 IN_USE, naming the users. Modules that make a
// project or environment "in use" (deployments) push a guard into `app.deletionGuards.<kind>` at start-up.
import type { EntityManager } from '@mikro-orm/postgresql';
import fp from 'fastify-plugin';
import { ApiError } from '../kernel/errors.js';

export interface DeletionGuard {
  /** What uses the object, plural, for the message: "deployments". */
  what: string;
  /** Names of the objects still using the one being deleted; empty when none. */
  usersOf(em: EntityManager, id: string): Promise<string[]>;
}

export interface DeletionGuards {
  project: DeletionGuard[];
  environment: DeletionGuard[];
}

declare module 'fastify' {
  interface FastifyInstance {
    deletionGuards: DeletionGuards;
  }
}

export async function refuseIfInUse(guards: DeletionGuard[], em: EntityManager, id: string, label: string): Promise<void> {
  const usedBy: Record<string, string[]> = {};
  for (const guard of guards) {
    const users = await guard.usersOf(em, id);
    if (users.length) usedBy[guard.what] = users;
  }
  const kinds = Object.keys(usedBy);
  if (kinds.length === 0) return;
  const listed = kinds.map((what) => `${what} ${usedBy[what].join(', ')}`).join('; ');
  throw new ApiError('IN_USE', `${label} is still in use by ${listed}.`, { usedBy });
}

export const deletionGuardsPlugin = fp(
  async (app) => {
    app.decorate('deletionGuards', { project: [], environment: [] } satisfies DeletionGuards);
  },
  { name: 'nullops-deletion-guards' },
);
