// Deployment routes: create, read, list what the caller may see, delete/cancel, retry, extend, clone,
// the timeline, logs (archived or live, optionally followed as server-sent events) and metrics.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FilterQuery } from '@mikro-orm/core';
import { ApiError, notFound } from '../../kernel/errors.js';
import type { Level } from '../identity/access-rule.js';
import { ListOf, Paging } from '../list-shape.js';
import { PipelineVersion } from '../pipelines/entity.js';
import { Deployment, DeploymentEvent } from './entities.js';
import { expiresAt, ttlHours } from './expiry.js';
import { isLeaving } from './transitions.js';
import { chooseNode, checkRenders, latestPipeline, launch, projectAndEnvironment, servicesOf } from './launch.js';
import { CloneDeployment, CreateDeployment, DeploymentFilter, DeploymentView, EventView, ExtendView, LogsQuery, LogsView, MetricsView } from './schemas.js';
import { deploymentViews } from './views.js';
import { openEventStream } from './event-stream.js';
import { endEvent, watchAccess } from '../identity/stream-access.js';
import { IdParams } from '../route-params.js';


export const deploymentsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['deployments'];

  const accessOf = (request: FastifyRequest) => async (d: Deployment) => (await request.accessTo({ kind: 'deployment', projectId: d.projectId, environmentId: d.environmentId })) as Level;
  const viewOf = async (request: FastifyRequest, deployment: Deployment) => (await deploymentViews(request.em, [deployment], accessOf(request)))[0];
  const find = async (request: FastifyRequest<{ Params: IdParams }>) => {
    const deployment = await request.em.findOne(Deployment, { id: request.params.id });
    if (!deployment) throw notFound('The deployment');
    return deployment;
  };
  const actor = (request: FastifyRequest) => request.principal?.username ?? 'anonymous';

  app.get<{ Querystring: DeploymentFilter }>(
    '/deployments',
    { config: { access: 'user' }, schema: { tags, summary: 'List the deployments the caller may see', querystring: DeploymentFilter, response: { 200: ListOf(DeploymentView) } } },
    async (request) => {
      const { projectId, environmentId, status, limit, offset } = request.query;
      const where: FilterQuery<Deployment> = { ...(projectId ? { projectId } : {}), ...(environmentId ? { environmentId } : {}), ...(status ? { status: status as Deployment['status'] } : {}) };
      Object.assign(where, await request.visibleWhere<Deployment>('deployment', { project: 'projectId', environment: 'environmentId' }));
      const [rows, total] = await request.em.findAndCount(Deployment, where, { orderBy: { createdAt: 'desc' }, limit, offset });
      return { items: await deploymentViews(request.em, rows, accessOf(request)), total };
    },
  );

  app.post<{ Body: CreateDeployment }>(
    '/deployments',
    {
      config: { access: { need: 'deployment:full', projectId: 'body.projectId', environmentId: 'body.environmentId' } },
      schema: {
        tags,
        summary: 'Create a deployment',
        description: 'Answers at once with the deployment `pending`; the pipeline runs on the chosen node and progress follows on /api/v1/events. Refusals (NAME_TAKEN, VERSION_REQUIRED, TAG_NOT_ALLOWED, RESOURCES_EXHAUSTED, NO_NODE_ONLINE) create nothing.',
        body: CreateDeployment,
        response: { 201: DeploymentView },
      },
    },
    async (request, reply) => {
      const { project, environment } = await projectAndEnvironment(request.em, request.body.projectId, request.body.environmentId);
      const deployment = await launch(app, request.em, { project, environment, name: request.body.name, versions: request.body.versions ?? {}, createdBy: actor(request) }, (work) => request.afterCommit(work));
      request.auditTarget = { type: 'deployment', id: deployment.id };
      return reply.status(201).send(await viewOf(request, deployment));
    },
  );

  app.get<{ Params: IdParams }>('/deployments/:id', { config: { access: 'deployment:read' }, schema: { tags, summary: 'Read a deployment', params: IdParams, response: { 200: DeploymentView } } }, async (request) =>
    viewOf(request, await find(request)),
  );

  app.delete<{ Params: IdParams }>(
    '/deployments/:id',
    {
      config: { access: 'deployment:full' },
      schema: { tags, summary: 'Delete a deployment, or cancel one that is deploying', description: 'Answers 202 with the deployment `deleting` (or `cancelling`, a rollback); `deleted` follows on the event stream.', params: IdParams, response: { 202: DeploymentView } },
    },
    async (request, reply) => {
      const deployment = await find(request);
      const removed = app.deployments.lifecycle.remove(deployment, actor(request));
      if (!removed) throw new ApiError('INVALID_STATE', `Deployment "${deployment.name}" is already ${deployment.status}.`);
      await request.em.flush();
      request.afterCommit(removed);
      return reply.status(202).send(await viewOf(request, deployment));
    },
  );

  app.post<{ Params: IdParams }>(
    '/deployments/:id/retry',
    { config: { access: 'deployment:full' }, schema: { tags, summary: 'Run a failed deployment again', description: 'Same versions, the latest pipeline version; only once its rollback has finished (else 409 INVALID_STATE).', params: IdParams, response: { 202: DeploymentView } } },
    async (request, reply) => {
      const deployment = await find(request);
      if (deployment.status !== 'failed' || deployment.pendingRollbacks.length) {
        throw new ApiError('INVALID_STATE', deployment.status === 'failed' ? `Deployment "${deployment.name}" is still rolling back (${deployment.pendingRollbacks.join(', ')}); retry when that is done.` : `Only a failed deployment can be retried; "${deployment.name}" is ${deployment.status}.`);
      }
      const { project, environment } = await projectAndEnvironment(request.em, deployment.projectId, deployment.environmentId);
      const pipeline = await latestPipeline(request.em, project);
      await checkRenders(app, request.em, { project, environment, name: deployment.name, versions: deployment.versions, createdBy: deployment.createdBy }, pipeline);
      const node = await chooseNode(app, request.em, project, environment);
      const retried = app.deployments.lifecycle.retry(deployment, { nodeId: node.id, pipelineVersion: pipeline.version, services: await servicesOf(request.em, pipeline) });
      await request.em.flush();
      request.afterCommit(retried);
      return reply.status(202).send(await viewOf(request, deployment));
    },
  );

  app.post<{ Params: IdParams }>(
    '/deployments/:id/extend',
    { config: { access: 'deployment:full' }, schema: { tags, summary: 'Reset the expiry timer', params: IdParams, response: { 200: ExtendView } } },
    async (request) => {
      const deployment = await find(request);
      if (isLeaving(deployment.status)) throw new ApiError('INVALID_STATE', `Deployment "${deployment.name}" is ${deployment.status}; it cannot be extended.`);
      const { project, environment } = await projectAndEnvironment(request.em, deployment.projectId, deployment.environmentId);
      deployment.lastActivityAt = new Date();
      deployment.expiresAt = expiresAt(deployment.lastActivityAt, ttlHours(project, environment));
      await request.em.flush();
      return { expiresAt: deployment.expiresAt.toISOString() };
    },
  );

  app.post<{ Params: IdParams; Body: CloneDeployment }>(
    '/deployments/:id/clone',
    { config: { access: 'deployment:full' }, schema: { tags, summary: 'Start a copy under a new name', description: 'New id and URLs, the latest pipeline version, the source versions overridden by `versions`.', params: IdParams, body: CloneDeployment, response: { 201: DeploymentView } } },
    async (request, reply) => {
      const source = await find(request);
      const { project, environment } = await projectAndEnvironment(request.em, source.projectId, source.environmentId);
      const clone = await launch(app, request.em, { project, environment, name: request.body.name, versions: { ...source.versions, ...request.body.versions }, createdBy: actor(request) }, (work) => request.afterCommit(work));
      request.auditTarget = { type: 'deployment', id: clone.id };
      return reply.status(201).send(await viewOf(request, clone));
    },
  );

  app.get<{ Params: IdParams; Querystring: Paging }>(
    '/deployments/:id/events',
    { config: { access: 'deployment:read' }, schema: { tags, summary: 'The pipeline timeline', params: IdParams, querystring: Paging, response: { 200: ListOf(EventView) } } },
    async (request) => {
      const deployment = await find(request);
      const [rows, total] = await request.em.findAndCount(DeploymentEvent, { deploymentId: deployment.id }, { orderBy: { id: 'asc' }, limit: request.query.limit, offset: request.query.offset });
      return { items: rows.map((e) => ({ at: e.at.toISOString(), ...(e.stepId ? { stepId: e.stepId } : {}), phase: e.phase, status: e.status, message: e.message, generation: e.generation })), total };
    },
  );

  app.get<{ Params: IdParams; Querystring: LogsQuery }>(
    '/deployments/:id/logs',
    {
      config: { access: 'deployment:read' },
      schema: {
        tags,
        summary: 'Logs of one step',
        description: 'A service or job step is read live from its container while it exists; a plugin step, and any step after its containers are gone, from the lines kept by the control plane. With follow=true the answer is a server-sent-event stream (`event: log`) that ends with an `end` event `{code, message}` when the caller loses access to the deployment (checked every few seconds).',
        params: IdParams,
        querystring: LogsQuery,
        response: { 200: LogsView },
      },
    },
    async (request, reply) => {
      const deployment = await find(request);
      const { step, tail = 200, since, follow } = request.query;
      const pipelineStep = await stepOf(request, deployment, step);
      const live = pipelineStep.kind !== 'component' && deployment.nodeId && app.agents.isOnline(deployment.nodeId) && !['deleted', 'failed'].includes(deployment.status);
      if (follow) return followLogs(request, reply, deployment, step, { live: Boolean(live), tail, since });
      if (live) {
        try {
          const items = await readLive(deployment, step, { tail, since });
          return { source: 'live' as const, items, total: items.length };
        } catch {
          // The container may be gone already (a job that finished, a rollback): the kept lines answer instead.
        }
      }
      const lines = (await app.deployments.logs.read(request.em, deployment.id, step)).slice(-tail || undefined);
      return { source: 'archive' as const, items: lines.map((line) => ({ line })), total: lines.length };
    },
  );

  app.get<{ Params: IdParams }>(
    '/deployments/:id/metrics',
    { config: { access: 'deployment:read' }, schema: { tags, summary: 'Recent CPU and memory per service', params: IdParams, response: { 200: MetricsView } } },
    async (request) => {
      const deployment = await find(request);
      if (deployment.nodeId && app.agents.isOnline(deployment.nodeId) && ['running', 'deploying'].includes(deployment.status)) {
        try {
          const reply = await app.agents.request(deployment.nodeId, 'stats', { deploymentId: deployment.id }, 10_000);
          return { source: 'live' as const, services: reply.services };
        } catch {
          // Fall back to what the last heartbeat said.
        }
      }
      return { source: 'heartbeat' as const, services: deployment.services.map((s) => ({ stepId: s.id, cpuPercent: s.cpuPercent ?? 0, memoryMb: s.memoryMb ?? 0 })) };
    },
  );

  app.get('/events', { config: { access: 'user' }, schema: { tags, summary: 'Live changes the caller may see (server-sent events)', description: 'Events `deployment` (status), `progress` (pipeline steps) and, for admins, `node` (status). What the caller may see is checked again every few seconds; when the sign-in is no longer valid the stream ends with an `end` event `{code, message}`.' } }, async (request, reply) =>
    openEventStream(app, request, reply),
  );

  async function stepOf(request: FastifyRequest, deployment: Deployment, stepId: string) {
    const pipeline = await request.em.findOne(PipelineVersion, { projectId: deployment.projectId, version: deployment.pipelineVersion });
    const step = pipeline?.definition.steps.find((s) => s.id === stepId);
    if (!step) throw new ApiError('NOT_FOUND', `Deployment "${deployment.name}" has no step "${stepId}".`);
    return step;
  }

  /** The container's last lines through the agent; answers what came once no line arrived for 30 s. */
  function readLive(deployment: Deployment, step: string, options: { tail: number; since?: string }) {
    return new Promise<{ line: string; at: string; stream: string }[]>((resolve, reject) => {
      const items: { line: string; at: string; stream: string }[] = [];
      let stop: (() => void) | undefined;
      let settled = false;
      const quiet = () => {
        settled = true;
        stop?.();
        resolve(items);
      };
      // A long tail (up to 100,000 lines) takes a while on a busy node, and the node's messages are
      // handled in order behind its heartbeats' database writes: while lines keep arriving the answer
      // waits. The check runs after pending input is read (setImmediate), so a timer that comes due
      // while the process was busy does not cut off lines already waiting in the socket.
      let seen = -1;
      const timer = setTimeout(() => setImmediate(() => {
        if (settled) return;
        if (items.length === seen) return quiet();
        seen = items.length;
        timer.refresh();
      }), 30_000);
      const onLine = (log: { line: string; at: string; stream: string }) => void items.push({ line: log.line, at: log.at, stream: log.stream });
      app.deployments.logSubscriptions
        .subscribe(deployment, step, { ...options, follow: false }, onLine, () => {
          settled = true;
          clearTimeout(timer);
          resolve(items);
        })
        .then((unsubscribe) => (stop = unsubscribe), (error) => {
          settled = true;
          clearTimeout(timer);
          reject(error);
        });
    });
  }

  async function followLogs(request: FastifyRequest, reply: FastifyReply, deployment: Deployment, step: string, options: { live: boolean; tail: number; since?: string }) {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Sent now, not with the first line: a quiet service would otherwise leave the client "connecting".
    out.flushHeaders();
    const send = (data: unknown) => !out.writableEnded && out.write(`event: log\ndata: ${JSON.stringify(data)}\n\n`);
    const stops: (() => void)[] = [];
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 15_000);
    const cleanUp = () => {
      clearInterval(keepAlive);
      for (const stop of stops.splice(0)) stop();
    };
    request.raw.on('close', cleanUp);
    // The caller's access is asked again every few seconds: a revoked grant or sign-in ends the stream.
    const target = { kind: 'deployment' as const, projectId: deployment.projectId, environmentId: deployment.environmentId };
    stops.push(
      watchAccess(
        app,
        request,
        (access) => (access.accessTo(target) === 'none' ? { code: 'NOT_FOUND', message: `You no longer have access to deployment "${deployment.name}", so its log stream has ended.` } : undefined),
        (why) => {
          cleanUp();
          out.end(endEvent(why));
        },
      ),
    );
    if (options.live) {
      try {
        stops.push(await app.deployments.logSubscriptions.subscribe(deployment, step, { tail: options.tail, since: options.since, follow: true }, (log) => send({ line: log.line, at: log.at, stream: log.stream }), () => out.end()));
        return;
      } catch {
        // Not a live container any more: the kept lines, then whatever still streams (plugin and job runs).
      }
    }
    for (const line of (await app.deployments.logs.read(request.em, deployment.id, step)).slice(-options.tail || undefined)) send({ line });
    stops.push(app.deployments.live.subscribeLogs(deployment.id, step, (line) => send({ line: line.line, at: line.at, stream: line.stream })));
  }
};
