// Serves a folder of static files (the built studio) at / on the API's origin, so the studio uses the
// cookie session without CORS. Hashed assets are cached for good; index.html never, and it answers
// every other page path so the studio's router can handle deep links. /api and the operational
// endpoints are never shadowed.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config.js';

const RESERVED = ['/api', '/docs', '/healthz', '/readyz', '/metrics'];

/** A GET or HEAD for a path that belongs to the studio (not the API, the API docs or an operational endpoint). */
export function isStudioPage(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !RESERVED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Checks the folder before the server starts, so a wrong setting names itself instead of serving 404s. */
export function studioRoot(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new ConfigError('studioDir', `studioDir (NULLOPS_STUDIO_DIR) is ${root}, which has no index.html. Build the studio (npm run build -w studio) or point the setting at its dist/app folder.`);
  }
  return root;
}

/** The studio's index.html, for a page path the server has no file for: the studio's router takes it from there. */
export function studioPage(reply: FastifyReply, root: string): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(createReadStream(join(root, 'index.html')));
}

export const studioStatic: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders(res, path) {
      res.setHeader('cache-control', path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
};
