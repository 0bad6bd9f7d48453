// createControlPlane: reads nothing itself — it takes a validated config, starts or connects the
// database, and registers the kernel, drivers and feature modules in order.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import { join, resolve } from 'node:path';
import { connectDatabase, migrate, type Orm } from '../db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.js';
import { featureModules } from '../modules/index.js';
import { systemRoutes } from '../modules/system/routes.js';
import { requireAccessDeclarations } from './access.js';
import type { Config } from './config.js';
import { databasePlugin } from './database-plugin.js';
import { loadDriver } from './drivers.js';
import { installErrorHandling } from './error-handler.js';
import { ErrorBody } from './errors.js';
import { metricsPlugin } from './metrics.js';
import { requestValidatorCompiler } from './validation.js';
import { studioPage, studioRoot, studioStatic } from './studio-static.js';
import { placementPort } from './placement-port.js';
import { NULLOPS_VERSION } from './version.js';
import { agentsPlugin } from '../agents/plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

export interface ControlPlane {
  app: FastifyInstance;
  config: Config;
  databaseUrl: string;
  /** Starts listening; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops dialing and listening to agents (first, on shutdown, so nothing more is written). */
  stopAgents(): Promise<void>;
  /** Stops the server, the database connection and an embedded database it started. */
  close(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Pino options or false; tests pass a stream to capture log output. */
  logger?: boolean | Record<string, unknown>;
  onProgress?: (message: string) => void;
}

export async function createControlPlane(config: Config, options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const progress = options.onProgress ?? (() => {});
  const studio = config.studioDir ? studioRoot(config.studioDir) : undefined;
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dir = join(resolve(config.dataDir), 'postgres');
    progress(`starting embedded PostgreSQL in ${dir}`);
    embedded = await startEmbeddedPostgres({ dataDir: dir, log: progress });
    databaseUrl = embedded.url;
  }

  let orm: Orm | undefined;
  let app: FastifyInstance | undefined;
  try {
    orm = await connectDatabase(databaseUrl, { poolMax: config.databasePoolMax });
    progress('applying database migrations');
    const applied = await migrate(orm);
    if (applied.length) progress(`applied ${applied.length} migration(s)`);

    app = Fastify({
      logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
      bodyLimit: 2 * 1024 * 1024,
      trustProxy: false,
    });
    app.decorate('config', config);
    app.setValidatorCompiler(requestValidatorCompiler());
    installErrorHandling(app, studio ? { pageFallback: (_request, reply) => studioPage(reply, studio) } : {});
    requireAccessDeclarations(app);
    app.addSchema(ErrorBody);
    await app.register(cookie);
    await app.register(databasePlugin, { orm });
    await app.register(metricsPlugin);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'NullOps API', version: NULLOPS_VERSION, description: 'On-demand QA environments. Generated from the route schemas.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'nullops_session' } } },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    if (studio) await app.register(studioStatic, { root: studio });

    await app.register(placementPort);
    await app.register(agentsPlugin);
    for (const module of featureModules) if (module.services) await app.register(module.services);
    await loadDriver(app, 'auth', config.drivers.auth, config);
    // `none`: no ingress at all (a control plane whose deployments are reached some other way, or tests).
    if (config.drivers.ingress !== 'none') await loadDriver(app, 'ingress', config.drivers.ingress, config);
    for (const name of config.drivers.placement) await loadDriver(app, 'placement', name, config);

    await app.register(systemRoutes);
    for (const module of featureModules) if (module.routes) await app.register(module.routes, { prefix: '/api/v1' });
    await app.ready();
  } catch (error) {
    await app?.close().catch(() => {});
    await orm?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw error;
  }

  const ready = app;
  const connected = orm;
  return {
    app: ready,
    config,
    databaseUrl,
    async listen() {
      return ready.listen({ port: config.port, host: config.host });
    },
    async stopAgents() {
      await ready.agents.stop();
    },
    async close() {
      await ready.close();
      await connected.close();
      await embedded?.stop();
    },
  };
}
