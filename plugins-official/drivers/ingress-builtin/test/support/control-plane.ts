// The driver's Fastify plugin on a bare Fastify instance — the part of the control plane the ingress
// feed needs — plus a request helper that sets the Host header (fetch cannot).
import Fastify, { type FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route, RouteTable } from '@nullops/core/contracts';
import { eventually as poll } from '@nullops/core/testing';
import ingressBuiltin, { type BuiltinIngressPort } from '../../src/index.js';

export const TOKEN = 'test-ingress-token-0123456789abcdef';

export interface FeedServer {
  app: FastifyInstance;
  ingress: BuiltinIngressPort;
  feedUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startFeedServer(port = 0): Promise<FeedServer> {
  const app = Fastify({ logger: false });
  await app.register(ingressBuiltin, { nullops: { ingressToken: TOKEN } });
  await app.listen({ port, host: '127.0.0.1' });
  const bound = (app.server.address() as AddressInfo).port;
  return { app, ingress: app.ingress as BuiltinIngressPort, port: bound, feedUrl: `ws://127.0.0.1:${bound}/api/v1/ingress/feed`, close: () => app.close() };
}

export function route(host: string, upstream: { address: string; port: number } | undefined, state: Route['state'] = 'ready', name = host.split('.')[1] ?? 'dep'): Route {
  return { host, state, upstreams: upstream ? [{ address: upstream.address, port: upstream.port }] : [], deployment: { id: `id-${name}`, name } };
}

export function table(version: number, routes: Route[]): RouteTable {
  return { version, routes };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the proxy with the given Host header; new connection unless an agent is passed. */
export function get(port: number, host: string, path = '/', options: { method?: string; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host, ...(options.body ? { 'content-type': 'text/plain' } : {}) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Polls until `check` passes (the proxy applies tables asynchronously, after the feed delivers them). */
export async function eventually<T>(what: string, fn: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  let last: T | undefined;
  // Wrapped: the awaited value itself may be false or undefined.
  const found = await poll(what, async () => {
    last = await fn();
    return check(last) ? { value: last } : undefined;
  }, { timeoutMs, everyMs: 25, explain: () => `Last: ${JSON.stringify(last)?.slice(0, 300)}` });
  return found.value;
}
