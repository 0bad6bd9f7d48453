// @nullops/driver-ingress-builtin — fills the ingress port for the builtin proxy: `app.ingress.apply`
// keeps the latest route table and the feed (`/api/v1/ingress/feed`, a WebSocket authenticated with
// NULLOPS_INGRESS_TOKEN) hands it to every `nullops ingress` process. The proxy itself is `./proxy`.
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { INGRESS_FEED_PATH, type IngressPort, type RouteTable } from '@nullops/core/contracts';
import { IngressFeedHub, tokenMatches, type FeedConnection } from './feed/feed-hub.js';

export { IngressFeedHub, tokenMatches, type FeedConnection } from './feed/feed-hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    ingress: IngressPort;
  }
}

export interface IngressBuiltinOptions {
  nullops: { ingressToken?: string };
}

/** The builtin driver's port: besides the contract, it lists the connected ingress processes. */
export interface BuiltinIngressPort extends IngressPort {
  connections(): FeedConnection[];
}

async function ingressBuiltin(app: FastifyInstance, options: IngressBuiltinOptions): Promise<void> {
  const token = options.nullops?.ingressToken;
  if (!token) throw new Error('the builtin ingress needs NULLOPS_INGRESS_TOKEN (ingressToken) to authenticate its proxies; `nullops up` generates one.');
  const hub = new IngressFeedHub();
  let lastError: string | undefined;

  const port: BuiltinIngressPort = {
    name: 'ingress-builtin',
    async apply(table: RouteTable) {
      try {
        hub.apply(table);
        lastError = undefined;
      } catch (error) {
        lastError = (error as Error).message;
        throw error;
      }
    },
    status() {
      const failing = hub.list().find((c) => c.lastError);
      const error = lastError ?? (failing ? `ingress at ${failing.remoteAddress}: ${failing.lastError}` : undefined);
      return { driver: 'ingress-builtin', appliedVersion: hub.table?.version ?? null, ...(error ? { lastError: error } : {}) };
    },
    connections: () => hub.list(),
  };
  app.decorate('ingress', port);
  app.addHook('onClose', async () => hub.close());

  await app.register(async (feed) => {
    await feed.register(websocket, { options: { maxPayload: 1024 * 1024 } });
    feed.get(
      INGRESS_FEED_PATH,
      {
        websocket: true,
        config: { access: 'public' },
        schema: { hide: true } as FastifySchema,
        preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
          if (tokenMatches(request.headers.authorization, token)) return;
          request.log.warn({ remoteAddress: request.ip }, 'ingress feed refused: wrong or missing ingress token');
          return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: 'The ingress feed needs Authorization: Bearer <NULLOPS_INGRESS_TOKEN>.' } });
        },
      },
      (socket, request) => hub.attach(socket, request.ip),
    );
  });
}

export default fp(ingressBuiltin, { name: '@nullops/driver-ingress-builtin', fastify: '5.x' });
