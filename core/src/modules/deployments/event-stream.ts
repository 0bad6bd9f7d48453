// `GET /api/v1/events`: a server-sent-event stream of the live bus, filtered to what the caller may see
// (deployments through their project or environment; node changes for admins only).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEvent } from './live-events.js';

export function openEventStream(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  out.write(': connected\n\n');
  const isAdmin = request.principal?.role === 'admin';
  const visible = new Map<string, Promise<boolean>>();
  const maySee = (event: LiveEvent): Promise<boolean> => {
    if (event.type === 'node') return Promise.resolve(isAdmin);
    const key = `${event.projectId}/${event.environmentId}`;
    let answer = visible.get(key);
    if (!answer) {
      answer = request.accessTo({ kind: 'deployment', projectId: event.projectId, environmentId: event.environmentId }).then((level) => level !== 'none');
      visible.set(key, answer);
    }
    return answer;
  };
  const unsubscribe = app.orchestrator.live.subscribe((event) => {
    void maySee(event).then((ok) => ok && out.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
  });
  const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
  request.raw.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}
