// createRegistry: connects the database (its migrations applied), then registers the error shape,
// the request-scoped entity manager, OpenAPI, the operational routes, discovery and the API.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Registry } from 'prom-client';
import { Ajv } from 'ajv';
import type { RegistryConfig } from './config.js';
import { connectRegistryDatabase, type Orm } from './db/database.js';
import { API_BASE, discoveryRoutes } from './discovery.js';
import { installErrorHandling } from './kernel/errors.js';
import { operationalRoutes } from './kernel/operational-routes.js';
import { packageRoutes } from './packages/routes.js';
import { SearchCache } from './packages/search-cache.js';
import type { DomainCheckOptions } from './publishers/domain-verification.js';
import { publisherRoutes } from './publishers/routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    orm: Orm;
    registryConfig: RegistryConfig;
    adminToken: string;
    domainCheck: DomainCheckOptions;
    /** Search answers as sent: the JSON body, serialised once. */
    searchCache: SearchCache<string>;
    /** The Prometheus registry /metrics serves. */
    metrics: Registry;
  }
  interface FastifyRequest {
    em: EntityManager;
  }
}

export interface RegistryServer {
  app: FastifyInstance;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface RegistryOptions {
  databaseUrl: string;
  adminToken: string;
  logger?: boolean | Record<string, unknown>;
  /** How publisher domains are checked (tests trust their own CA and port). */
  domainCheck?: DomainCheckOptions;
}

export async function createRegistry(config: RegistryConfig, options: RegistryOptions): Promise<RegistryServer> {
  const orm = await connectRegistryDatabase(options.databaseUrl, config.databasePoolSize);
  const app = Fastify({ logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization'] }, bodyLimit: 2 * 1024 * 1024 });
  try {
    const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
    const strictBodies = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
    ajv.addFormat('date-time', true).addFormat('uuid', /^[0-9a-f-]{36}$/i);
    strictBodies.addFormat('date-time', true).addFormat('uuid', /^[0-9a-f-]{36}$/i);
    app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strictBodies : ajv).compile(schema as object));
    app.decorate('orm', orm);
    app.decorate('registryConfig', config);
    app.decorate('adminToken', options.adminToken);
    app.decorate('domainCheck', options.domainCheck ?? {});
    app.decorate('searchCache', new SearchCache<string>({ ttlMs: config.searchCacheSeconds * 1000, maxEntries: 1000 }));
    // Any write that succeeded may change what search answers: forget the kept answers before replying.
    app.addHook('onSend', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) app.searchCache.clear();
    });
    const forks = new WeakMap<object, EntityManager>();
    app.decorateRequest('em', {
      getter() {
        let em = forks.get(this);
        if (!em) forks.set(this, (em = orm.em.fork() as EntityManager));
        return em;
      },
    });
    installErrorHandling(app);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'NullOps plugin registry API', version: '0.1.0', description: 'Publish, search and resolve component plugins. Generated from the route schemas.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    await app.register(operationalRoutes);
    await app.register(discoveryRoutes);
    await app.register(publisherRoutes, { prefix: API_BASE });
    await app.register(packageRoutes, { prefix: API_BASE });
    await app.ready();
  } catch (error) {
    await app.close().catch(() => {});
    await orm.close().catch(() => {});
    throw error;
  }
  return {
    app,
    listen: () => app.listen({ port: config.port, host: config.host }),
    async close() {
      await app.close();
      await orm.close();
    },
  };
}
