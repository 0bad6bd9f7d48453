// `GET /api/v1/events`: a server-sent-event stream of the live bus, filtered to what the caller may see
// (deployments through their project or environment; node changes for admins only). What the caller may
// see is asked again every few seconds; when the caller's sign-in is gone the stream ends with an `end`
// event saying why.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endEvent, watchAccess, type CurrentAccess } from '../identity/stream-access.js';
import type { LiveEvent } from './live-events.js';

export function openEventStream(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  out.write(': connected\n\n');
  // Until the first re-check, the grants read by the request's own access check.
  let current: Pick<CurrentAccess, 'accessTo'> | undefined;
  let isAdmin = request.principal?.role === 'admin';
  let visible = new Map<string, Promise<boolean>>();
  const maySee = (event: LiveEvent): Promise<boolean> => {
    if (event.type === 'node') return Promise.resolve(isAdmin);
    const key = `${event.projectId}/${event.environmentId}`;
    let answer = visible.get(key);
    if (!answer) {
      const target = { kind: 'deployment' as const, projectId: event.projectId, environmentId: event.environmentId };
      answer = current ? Promise.resolve(current.accessTo(target) !== 'none') : request.accessTo(target).then((level) => level !== 'none');
      visible.set(key, answer);
    }
    return answer;
  };
  const unsubscribe = app.deployments.live.subscribe((event) => {
    void maySee(event).then((ok) => ok && !out.writableEnded && out.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
  });
  const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
  const stopWatching = watchAccess(
    app,
    request,
    (access) => {
      current = access;
      isAdmin = access.principal.role === 'admin';
      visible = new Map();
      return undefined;
    },
    (why) => {
      cleanUp();
      out.end(endEvent(why));
    },
  );
  function cleanUp() {
    clearInterval(keepAlive);
    unsubscribe();
    stopWatching();
  }
  request.raw.on('close', cleanUp);
}
