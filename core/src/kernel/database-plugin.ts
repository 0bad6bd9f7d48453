// Registers the database at the root: `app.orm`, and `request.em`, a fresh entity manager per request.
import fp from 'fastify-plugin';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    orm: Orm;
  }
  interface FastifyRequest {
    /**
     * This request's entity manager. A write request runs it in one transaction, so it holds one pooled
     * connection from its access check to its response: query it one query at a time (no `Promise.all`,
     * which pg refuses on one connection) and keep slow outside calls out of write requests.
     */
    em: EntityManager;
  }
}

export const databasePlugin = fp<{ orm: Orm }>(
  async (app, { orm }) => {
    app.decorate('orm', orm);
    const forks = new WeakMap<object, EntityManager>();
    app.decorateRequest('em', {
      getter() {
        let em = forks.get(this);
        if (!em) forks.set(this, (em = orm.em.fork()));
        return em;
      },
    });
  },
  { name: 'nullops-database' },
);
