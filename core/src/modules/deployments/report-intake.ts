// Report intake: what agents say unasked, into the database and onto the live stream. Every text an agent
// sends (messages, log lines, error text) is masked again with the deployment's secrets first; frames of
// an earlier generation are dropped; status changes go through the lifecycle.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgentEvent, Heartbeat, Log, Progress, StatusEvent } from '../../contracts/index.js';
import { createMasker } from '../../pipeline/masking.js';
import { Node } from '../nodes/entity.js';
import type { AgentCommands } from './agent-commands.js';
import { Deployment, DeploymentEvent } from './entities.js';
import type { DeploymentLifecycle } from './lifecycle.js';
import type { LiveEvents } from './live-events.js';
import type { LogStore } from './log-store.js';
import type { LogSubscriptions } from './log-subscriptions.js';
import type { RoutePublisher } from './route-publisher.js';
import { mergeServices } from './transitions.js';

/** How long the control plane's masker for a deployment is reused before its secrets are read again. */
const MASKER_TTL_MS = 30_000;

export interface IntakeParts {
  lifecycle: DeploymentLifecycle;
  commands: AgentCommands;
  live: LiveEvents;
  logs: LogStore;
  logSubscriptions: LogSubscriptions;
  routes: RoutePublisher;
}

export class ReportIntake {
  private readonly maskers = new Map<string, { until: number; mask: (text: string) => string }>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly parts: IntakeParts,
    private readonly log: FastifyBaseLogger,
  ) {}

  private fork(): EntityManager {
    return this.app.orm.em.fork() as EntityManager;
  }

  /** One event frame of a node, handled after the ones it sent before (the hub keeps the order). */
  async onEvent(nodeId: string, frame: AgentEvent): Promise<void> {
    switch (frame.type) {
      case 'progress': {
        const mask = await this.maskerFor(frame.payload.deploymentId);
        const { message } = frame.payload;
        return this.onProgress({ ...frame.payload, ...(message !== undefined ? { message: mask(message) } : {}) });
      }
      case 'status': {
        const mask = await this.maskerFor(frame.payload.deploymentId);
        const { error } = frame.payload;
        return this.onStatus(nodeId, { ...frame.payload, ...(error ? { error: { ...error, message: mask(error.message) } } : {}) });
      }
      case 'heartbeat':
        return this.onHeartbeat(nodeId, frame.payload);
      case 'log': {
        const mask = await this.maskerFor(frame.payload.deploymentId);
        return this.onLog({ ...frame.payload, line: mask(frame.payload.line) });
      }
      case 'logs.end':
        return this.parts.logSubscriptions.end(frame.payload.subscriptionId);
      case 'log.archive': {
        const archive = frame.payload;
        const mask = await this.maskerFor(archive.deploymentId);
        return this.parts.logs.archive(archive.deploymentId, archive.stepId, archive.generation, archive.lines.map(mask));
      }
      case 'gap':
        this.log.warn({ nodeId, gap: frame.payload }, 'the agent dropped events while no control plane was connected');
        return;
    }
  }

  /**
   * The control plane's own masker for a deployment's text (its project's secrets in every printed form):
   * a second line of defence behind the agent's, applied to everything an agent says before it is
   * stored or streamed.
   */
  private async maskerFor(deploymentId: string): Promise<(text: string) => string> {
    const cached = this.maskers.get(deploymentId);
    if (cached && cached.until > Date.now()) return cached.mask;
    const em = this.fork();
    const deployment = await em.findOne(Deployment, { id: deploymentId }, { fields: ['id', 'projectId'] });
    const mask = deployment ? createMasker(await this.parts.commands.masksOf(em, deployment)) : (text: string) => text;
    if (this.maskers.size > 1000) this.maskers.clear();
    this.maskers.set(deploymentId, { until: Date.now() + MASKER_TTL_MS, mask });
    return mask;
  }

  private async current(em: EntityManager, deploymentId: string, generation: number): Promise<Deployment | null> {
    const deployment = await em.findOne(Deployment, { id: deploymentId });
    // Frames older than the deployment's current generation are about an earlier attempt: dropped.
    return deployment && generation >= deployment.generation ? deployment : null;
  }

  private async onProgress(progress: Progress): Promise<void> {
    const em = this.fork();
    const deployment = await this.current(em, progress.deploymentId, progress.generation);
    if (!deployment) return;
    em.create(DeploymentEvent, {
      deploymentId: deployment.id,
      generation: progress.generation,
      at: new Date(progress.at),
      stepId: progress.stepId ?? null,
      phase: progress.phase,
      status: progress.status,
      message: progress.message ?? '',
    } as DeploymentEvent);
    const starts = this.parts.lifecycle.beginsDeploying(deployment);
    await em.flush();
    this.parts.live.publish({ type: 'progress', deploymentId: deployment.id, projectId: deployment.projectId, environmentId: deployment.environmentId, stepId: progress.stepId, phase: progress.phase, status: progress.status, message: progress.message, at: progress.at });
    if (starts) this.parts.lifecycle.changed(deployment);
  }

  private async onStatus(nodeId: string, event: StatusEvent): Promise<void> {
    const em = this.fork();
    const deployment = await this.current(em, event.deploymentId, event.generation);
    if (!deployment || deployment.nodeId !== nodeId) return;
    const { rollbacksToSend } = this.parts.lifecycle.reported(deployment, event);
    await em.flush();
    this.parts.lifecycle.changed(deployment);
    // An agent restart rolled the containers back but could not call plugins' rollback: we hand it the calls.
    if (rollbacksToSend) await this.parts.lifecycle.destroy(deployment.id, 'rollback');
  }

  private async onHeartbeat(nodeId: string, heartbeat: Heartbeat): Promise<void> {
    const em = this.fork();
    const node = await em.findOne(Node, { id: nodeId });
    if (!node) return;
    node.usage = heartbeat.usage;
    node.lastSeenAt = new Date(heartbeat.at);
    const byDeployment = new Map<string, Heartbeat['services']>();
    for (const service of heartbeat.services) byDeployment.set(service.deploymentId, [...(byDeployment.get(service.deploymentId) ?? []), service]);
    let portsMoved = false;
    if (byDeployment.size) {
      const deployments = await em.find(Deployment, { id: { $in: [...byDeployment.keys()] }, nodeId, status: { $ne: 'deleted' } });
      for (const deployment of deployments) {
        const merged = mergeServices(deployment.services, byDeployment.get(deployment.id)!);
        portsMoved ||= merged.some((s, i) => s.publishedPort !== deployment.services[i]?.publishedPort);
        deployment.services = merged;
      }
    }
    await em.flush();
    if (portsMoved) this.parts.routes.schedule();
  }

  private async onLog(log: Log): Promise<void> {
    if (log.subscriptionId) {
      this.parts.logSubscriptions.line(log.subscriptionId, log);
      return;
    }
    // Plugin and job runs are always streamed: kept, and relayed to whoever follows the step.
    this.parts.logs.append(log.deploymentId, log.stepId, log.generation, log.line);
    this.parts.live.publishLog({ deploymentId: log.deploymentId, stepId: log.stepId, stream: log.stream, at: log.at, line: log.line });
  }
}
