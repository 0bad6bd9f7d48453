// The orchestrator: the control plane's side of every node. It owns the agent hub, turns what agents
// report into deployment and node rows, timeline events, kept logs and the ingress route table, and
// sends agents what the database says should exist (deploy, destroy, sync).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Frame, Heartbeat, Hello, Log, LogArchive, MessageType, Plan, Progress, RollbackCall, StatusEvent } from '../../contracts/index.js';
import { AgentHub } from '../../agents/agent-hub.js';
import type { AgentEndpoint, LinkState } from '../../agents/agent-connection.js';
import { NULLOPS_VERSION } from '../../kernel/version.js';
import { Setting } from '../../db/setting.entity.js';
import { Environment } from '../environments/entity.js';
import { Node } from '../nodes/entity.js';
import { Project } from '../projects/entity.js';
import { PipelineVersion } from '../pipelines/entity.js';
import { planFor } from '../pipelines/catalog-view.js';
import { preparePluginParams } from '../../pipeline/run-params.js';
import { PluginVersion, ContainerRegistry } from '../catalog/entities.js';
import { pullAuthOf } from '../catalog/registries.js';
import { Deployment, DeploymentEvent, type DeploymentService, type DeploymentStatus } from './entities.js';
import { LiveEvents } from './live-events.js';
import { LogStore } from './log-store.js';
import { buildRouteTable, type RoutableDeployment } from './route-table.js';
import { desiredOnAgent, needsDestroy, statusAfterReport } from './transitions.js';

declare module 'fastify' {
  interface FastifyInstance {
    orchestrator: Orchestrator;
  }
}

export const DEFAULT_GRACEFUL_STOP_SECONDS = 30;
const INGRESS_VERSION_KEY = 'ingress.routeTableVersion';

export interface OrchestratorOptions {
  graceSeconds: number;
  backoff?: { initialMs: number; maxMs: number };
  gracefulStopSeconds?: number;
}

export class Orchestrator {
  readonly live = new LiveEvents();
  readonly logs: LogStore;
  readonly hub: AgentHub;
  private readonly log: FastifyBaseLogger;
  private routeTimer: NodeJS.Timeout | undefined;
  private routesQueue: Promise<void> = Promise.resolve();
  private readonly logWaiters = new Map<string, { line: (frame: Log) => void; end: () => void }>();
  private readonly gracefulStopSeconds: number;
  private readonly perNode = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly app: FastifyInstance,
    options: OrchestratorOptions,
  ) {
    this.log = app.log.child({ module: 'orchestrator' });
    this.gracefulStopSeconds = options.gracefulStopSeconds ?? DEFAULT_GRACEFUL_STOP_SECONDS;
    this.logs = new LogStore(() => this.fork(), (message) => this.log.warn(message));
    this.hub = new AgentHub(
      {
        onHello: (nodeId, hello, thumbprint) => {
          // In the node's queue like everything it says, and awaited: the connection sends nothing else first.
          const done = (this.perNode.get(nodeId) ?? Promise.resolve()).then(() => this.onHello(nodeId, hello, thumbprint));
          this.perNode.set(nodeId, done.catch(() => undefined));
          return done;
        },
        onEvent: (nodeId, frame) => this.inOrder(nodeId, () => this.onEvent(nodeId, frame), `handling ${frame.type}`),
        onLinkState: (nodeId, state) => this.inOrder(nodeId, () => this.onLinkState(nodeId, state), 'recording node state'),
        onOffline: (nodeId) => this.inOrder(nodeId, () => this.onOffline(nodeId), 'marking node offline'),
      },
      {
        graceSeconds: options.graceSeconds,
        backoff: options.backoff ?? { initialMs: 500, maxMs: 30_000 },
        requestTimeoutMs: 30_000,
        controlPlaneVersion: NULLOPS_VERSION,
        log: (message, fields) => this.log.info(fields ?? {}, message),
      },
    );
  }

  /**
   * What a node says is applied one message at a time, in the order it was said: two updates of the same
   * row handled side by side could land in the wrong order (a late `deploying` over `running`).
   */
  private inOrder(nodeId: string, work: () => Promise<void>, what: string): void {
    // Once stopping, the database may be going away: what agents say now is heard again on the next start.
    if (this.stopping) return;
    const previous = this.perNode.get(nodeId) ?? Promise.resolve();
    const next = previous.then(work).catch((error) => this.log.error({ err: error, nodeId }, `${what} failed`));
    this.perNode.set(nodeId, next);
  }

  private fork(): EntityManager {
    return this.app.orm.em.fork() as EntityManager;
  }

  /** Dials every node that is not revoked. */
  async start(): Promise<void> {
    const nodes = await this.fork().find(Node, { status: { $ne: 'revoked' } });
    for (const node of nodes) this.connect(node);
    this.scheduleRoutes();
  }

  /** Stops dialing and listening to agents; safe to call more than once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.hub.stopAll();
    await Promise.all(this.perNode.values());
    clearTimeout(this.routeTimer);
    await this.logs.flush();
    await this.routesQueue;
  }

  endpointOf(node: Node): AgentEndpoint {
    return { nodeId: node.id, host: node.host, port: node.port, token: this.app.encryption.decrypt(node.tokenEncrypted), thumbprint: node.thumbprint };
  }

  connect(node: Node): void {
    if (node.status === 'revoked') return;
    this.hub.connect(this.endpointOf(node));
  }

  // ---- deploy and destroy -------------------------------------------------------------------------

  /** Renders the deployment's plan and hands it to its node. Failure to do so fails the deployment. */
  async deploy(deploymentId: string): Promise<void> {
    const em = this.fork();
    const deployment = await em.findOneOrFail(Deployment, { id: deploymentId });
    try {
      const plan = await this.planOf(em, deployment);
      await this.hub.request(deployment.nodeId!, 'deploy', { plan });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'DEPLOY_FAILED';
      deployment.status = 'failed';
      deployment.error = { code, message: `The deployment could not be started: ${(error as Error).message}` };
      await em.flush();
      this.announce(deployment);
      this.scheduleRoutes();
    }
  }

  /**
   * Tells the node to remove the deployment (cancelling a pipeline in progress), undoing plugin work
   * through `rollback` calls. An offline node is told when it reconnects.
   */
  async destroy(deploymentId: string, reason: 'deleted' | 'cancelled' | 'expired' | 'rollback'): Promise<void> {
    const em = this.fork();
    const deployment = await em.findOneOrFail(Deployment, { id: deploymentId });
    if (!deployment.nodeId) {
      deployment.status = 'deleted';
      deployment.services = servicesRemoved(deployment.services);
      deployment.deletedAt ??= new Date();
      await em.flush();
      this.announce(deployment);
      return;
    }
    const [rollbacks, masks] = await Promise.all([this.rollbacksOf(em, deployment), this.masksOf(em, deployment)]);
    try {
      await this.hub.request(deployment.nodeId, 'destroy', {
        deploymentId: deployment.id,
        generation: deployment.generation,
        reason,
        gracefulStopSeconds: this.gracefulStopSeconds,
        masks,
        rollbacks,
      });
    } catch (error) {
      this.log.warn({ deploymentId, error: (error as Error).message }, 'destroy not delivered now; the node is told when it reconnects');
    }
    this.scheduleRoutes();
  }

  /**
   * The `rollback` calls for the plugin steps that completed: taken from the deployment's plan, rendered
   * again, so image, credentials, manifest and params (expressions resolved) are what the run had.
   */
  private async rollbacksOf(em: EntityManager, deployment: Deployment): Promise<RollbackCall[]> {
    const outputs = this.outputsOf(deployment);
    if (!Object.keys(outputs).length) return [];
    const plan = await this.planOf(em, deployment);
    const calls: RollbackCall[] = [];
    for (const step of plan.steps) {
      if (step.kind !== 'component' || !outputs[step.id] || !step.manifest.actions.includes('rollback')) continue;
      // The params the run had: outputs of the steps before in place, the input schema's defaults applied.
      const prepared = preparePluginParams(step.manifest.input, step.params, outputs);
      const params = prepared.ok ? prepared.value : step.params;
      calls.push({ stepId: step.id, image: step.image, ...(step.pullAuth ? { pullAuth: step.pullAuth } : {}), manifest: step.manifest, params, outputs: outputs[step.id] });
    }
    return calls;
  }

  private async planOf(em: EntityManager, deployment: Deployment): Promise<Plan> {
    const [project, environment, pipeline] = await Promise.all([
      em.findOneOrFail(Project, { id: deployment.projectId }),
      em.findOneOrFail(Environment, { id: deployment.environmentId }),
      em.findOneOrFail(PipelineVersion, { projectId: deployment.projectId, version: deployment.pipelineVersion }),
    ]);
    return planFor(em, this.app.encryption, {
      project,
      environment,
      pipeline,
      deployment: { id: deployment.id, name: deployment.name, generation: deployment.generation, attempt: deployment.attempt, gracefulStopSeconds: this.gracefulStopSeconds },
      versions: deployment.versions,
    });
  }

  private outputsOf(deployment: Deployment): Record<string, Record<string, unknown>> {
    if (!deployment.outputsEncrypted) return {};
    return JSON.parse(this.app.encryption.decrypt(deployment.outputsEncrypted));
  }

  private async masksOf(em: EntityManager, deployment: Deployment): Promise<string[]> {
    const secrets = await this.app.decryptSecrets(deployment.projectId, em);
    return Object.values(secrets).filter((value) => value.length >= 3);
  }

  // ---- what agents say ------------------------------------------------------------------------------

  private async onLinkState(nodeId: string, state: LinkState): Promise<void> {
    const em = this.fork();
    const node = await em.findOne(Node, { id: nodeId });
    if (!node) return;
    const before = node.status;
    switch (state.state) {
      case 'online':
        node.status = 'online';
        node.statusMessage = null;
        node.thumbprint ??= state.thumbprint;
        node.pendingThumbprint = null;
        node.agentVersion = state.hello.agentVersion;
        node.publishAddress = state.hello.publishAddress;
        node.firewall = state.hello.firewall ?? null;
        node.capacity = state.hello.capacity;
        node.lastSeenAt = new Date();
        break;
      case 'untrusted':
        node.status = 'untrusted';
        node.pendingThumbprint = state.seenThumbprint;
        node.statusMessage = 'the agent presented a different certificate; approve its thumbprint if the change is expected';
        break;
      case 'incompatible':
        node.status = 'incompatible';
        node.statusMessage = state.reason;
        break;
      case 'refused':
        node.statusMessage = state.reason;
        if (node.status === 'online') node.status = 'connecting';
        break;
      case 'connecting':
        if (state.reason) node.statusMessage = state.reason;
        if (node.status === 'online') node.status = 'connecting';
        break;
    }
    await em.flush();
    if (node.status !== before) this.live.publish({ type: 'node', id: node.id, environmentId: node.environmentId, status: node.status, at: new Date().toISOString() });
    if (node.status === 'online' && before === 'offline') await this.restoreFromOffline(em, node);
    if (node.status !== before) this.scheduleRoutes();
  }

  private async restoreFromOffline(em: EntityManager, node: Node): Promise<void> {
    const offline = await em.find(Deployment, { nodeId: node.id, status: 'offline' });
    // Until the agent reports again, a deployment that was running before the outage counts as running.
    for (const deployment of offline) deployment.status = deployment.services.length ? 'running' : 'deploying';
    await em.flush();
    for (const deployment of offline) this.announce(deployment);
  }

  private async onOffline(nodeId: string): Promise<void> {
    const em = this.fork();
    const node = await em.findOne(Node, { id: nodeId });
    if (!node) return;
    if (node.status === 'online' || node.status === 'connecting') node.status = 'offline';
    const affected = await em.find(Deployment, { nodeId, status: { $in: ['pending', 'deploying', 'running'] } });
    for (const deployment of affected) deployment.status = 'offline';
    await em.flush();
    this.live.publish({ type: 'node', id: node.id, environmentId: node.environmentId, status: node.status, at: new Date().toISOString() });
    for (const deployment of affected) this.announce(deployment);
    this.scheduleRoutes();
  }

  /** Sends every connected node the whole desired state again (after the plugin catalog changed). */
  syncAll(): void {
    for (const nodeId of this.hub.onlineNodes()) this.inOrder(nodeId, async () => void (await this.sendSync(nodeId)), 'sending the desired state');
  }

  /** The whole desired state of a node: its deployments and every plugin image to pre-pull. */
  private async sendSync(nodeId: string): Promise<Deployment[]> {
    const em = this.fork();
    const deployments = await em.find(Deployment, { nodeId, status: { $ne: 'deleted' } });
    const plugins = await em.find(PluginVersion, {});
    const registries = new Map((await em.find(ContainerRegistry, {})).map((r) => [r.id, r]));
    const desired = [];
    for (const deployment of deployments) {
      desired.push({ id: deployment.id, generation: deployment.generation, desired: desiredOnAgent(deployment.status), masks: desiredOnAgent(deployment.status) === 'running' ? await this.masksOf(em, deployment) : [] });
    }
    await this.hub.request(nodeId, 'sync', {
      nodeId,
      deployments: desired,
      plugins: plugins.map((p) => {
        const registry = registries.get(p.registryId);
        const pullAuth = registry ? pullAuthOf(registry, this.app.encryption) : undefined;
        return { name: p.name, version: p.version, image: p.imageRepository, digest: p.digest, ...(pullAuth ? { pullAuth } : {}) };
      }),
    });
    return deployments;
  }

  /** After `hello`: send the whole desired state, then re-send removals the agent may have missed. */
  private async onHello(nodeId: string, hello: Hello, _thumbprint: string): Promise<void> {
    const em = this.fork();
    const deployments = (await this.sendSync(nodeId)).map((d) => em.merge(d));

    const reported = new Map(hello.deployments.map((d) => [d.id, d]));
    for (const deployment of deployments) {
      if (needsDestroy(deployment.status)) {
        void this.destroy(deployment.id, deployment.status === 'cancelling' ? 'cancelled' : 'deleted');
        continue;
      }
      const known = reported.get(deployment.id);
      if (known && known.generation === deployment.generation) {
        const next = statusAfterReport(deployment.status === 'offline' ? 'running' : deployment.status, known.status);
        if (next !== deployment.status) {
          deployment.status = next;
          this.announce(deployment);
        }
      } else if (!known && desiredOnAgent(deployment.status) === 'running' && deployment.status !== 'pending') {
        deployment.status = 'failed';
        deployment.error = { code: 'AGENT_LOST_DEPLOYMENT', message: 'The node no longer has this deployment (its agent lost its state). Retry it to deploy it again.' };
        this.announce(deployment);
      }
    }
    await em.flush();
    this.scheduleRoutes();
  }

  private async onEvent(nodeId: string, frame: Frame & { type: MessageType }): Promise<void> {
    switch (frame.type) {
      case 'progress':
        return this.onProgress(frame.payload as Progress);
      case 'status':
        return this.onStatus(nodeId, frame.payload as StatusEvent);
      case 'heartbeat':
        return this.onHeartbeat(nodeId, frame.payload as Heartbeat);
      case 'log':
        return this.onLog(frame.payload as Log);
      case 'logs.end': {
        const { subscriptionId } = frame.payload as { subscriptionId: string };
        this.logWaiters.get(subscriptionId)?.end();
        this.logWaiters.delete(subscriptionId);
        return;
      }
      case 'log.archive': {
        const archive = frame.payload as LogArchive;
        return this.logs.archive(archive.deploymentId, archive.stepId, archive.generation, archive.lines);
      }
      case 'gap':
        this.log.warn({ nodeId, gap: frame.payload }, 'the agent dropped events while no control plane was connected');
        return;
      default:
        return;
    }
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
    const starts = deployment.status === 'pending';
    if (starts) deployment.status = 'deploying';
    await em.flush();
    this.live.publish({ type: 'progress', deploymentId: deployment.id, projectId: deployment.projectId, environmentId: deployment.environmentId, stepId: progress.stepId, phase: progress.phase, status: progress.status, message: progress.message, at: progress.at });
    if (starts) {
      this.announce(deployment);
      this.scheduleRoutes();
    }
  }

  private async onStatus(nodeId: string, event: StatusEvent): Promise<void> {
    const em = this.fork();
    const deployment = await this.current(em, event.deploymentId, event.generation);
    if (!deployment || deployment.nodeId !== nodeId) return;
    const before = deployment.status;
    deployment.status = statusAfterReport(before === 'offline' ? 'running' : before, event.status);
    if (event.error) deployment.error = event.error;
    else if (event.status === 'running') deployment.error = null;
    deployment.pendingRollbacks = event.pendingRollbacks ?? [];
    // Deleted or failed, the agent has removed the containers: no service still looks running or healthy.
    deployment.services = ['deleted', 'failed'].includes(event.status) ? servicesRemoved(deployment.services) : mergeServices(deployment.services, event.services);
    if (event.outputs && Object.keys(event.outputs).length) {
      deployment.outputsEncrypted = this.app.encryption.encrypt(JSON.stringify({ ...this.outputsOf(deployment), ...event.outputs }));
    }
    if (deployment.status === 'deleted') deployment.deletedAt ??= new Date();
    await em.flush();
    this.announce(deployment);
    this.scheduleRoutes();
    // An agent restart rolled the containers back but could not call plugins' rollback: we hand it the calls.
    if (event.status === 'failed' && deployment.pendingRollbacks.length && !['cancelling', 'deleting', 'deleted'].includes(deployment.status)) {
      await this.destroy(deployment.id, 'rollback');
    }
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
    if (portsMoved) this.scheduleRoutes();
  }

  private async onLog(log: Log): Promise<void> {
    const line = { deploymentId: log.deploymentId, stepId: log.stepId, stream: log.stream, at: log.at, line: log.line };
    if (log.subscriptionId) {
      this.logWaiters.get(log.subscriptionId)?.line(log);
      return;
    }
    // Plugin and job runs are always streamed: kept, and relayed to whoever follows the step.
    this.logs.append(log.deploymentId, log.stepId, log.generation, log.line);
    this.live.publishLog(line);
  }

  // ---- reading from agents --------------------------------------------------------------------------

  /**
   * Streams a service's or job's container log through the agent: `onLine` gets each line, `onEnd` is
   * called when the agent ends the stream (without follow: once the tail was sent). `stop()` ends it early.
   */
  async subscribeLogs(
    deployment: Deployment,
    stepId: string,
    options: { tail?: number; since?: string; follow: boolean },
    onLine: (log: Log) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    const subscriptionId = randomUUID();
    this.logWaiters.set(subscriptionId, { line: onLine, end: onEnd });
    try {
      await this.hub.request(deployment.nodeId!, 'logs.subscribe', { subscriptionId, deploymentId: deployment.id, stepId, follow: options.follow, ...(options.tail !== undefined ? { tail: options.tail } : {}), ...(options.since ? { since: options.since } : {}) });
    } catch (error) {
      this.logWaiters.delete(subscriptionId);
      throw error;
    }
    return () => {
      this.logWaiters.delete(subscriptionId);
      this.hub.request(deployment.nodeId!, 'logs.unsubscribe', { subscriptionId }).catch(() => {});
    };
  }

  // ---- ingress ----------------------------------------------------------------------------------------

  /** Recomputes the route table soon (changes arriving together are applied once). */
  scheduleRoutes(): void {
    if (this.routeTimer) return;
    this.routeTimer = setTimeout(() => {
      this.routeTimer = undefined;
      this.routesQueue = this.routesQueue.then(() => this.publishRoutes()).catch((error) => this.log.error({ err: error }, 'publishing routes failed'));
    }, 50);
  }

  private async publishRoutes(): Promise<void> {
    const ingress = this.app.ingress;
    if (!ingress) return;
    const em = this.fork();
    const deployments = await em.find(Deployment, { status: { $in: ['pending', 'deploying', 'running', 'offline'] } });
    const environments = new Map((await em.find(Environment, {})).map((e) => [e.id, e]));
    const nodes = new Map((await em.find(Node, {})).map((n) => [n.id, n]));
    const routable: RoutableDeployment[] = deployments.map((d) => {
      const environment = environments.get(d.environmentId)!;
      const node = d.nodeId ? nodes.get(d.nodeId) : undefined;
      return {
        id: d.id,
        name: d.name,
        status: d.status,
        environment: { name: environment.name, baseDomain: environment.baseDomain },
        node: node ? { publishAddress: node.publishAddress, offline: node.status === 'offline' } : null,
        services: d.services,
      };
    });
    let setting = await em.findOne(Setting, { key: INGRESS_VERSION_KEY });
    if (!setting) setting = em.create(Setting, { key: INGRESS_VERSION_KEY, value: 0, updatedAt: new Date() });
    const version = Number(setting.value) + 1;
    setting.value = version;
    await em.flush();
    await ingress.apply(buildRouteTable(version, routable));
  }

  // ---- announcements ----------------------------------------------------------------------------------

  announce(deployment: Deployment): void {
    this.live.publish({ type: 'deployment', id: deployment.id, projectId: deployment.projectId, environmentId: deployment.environmentId, status: deployment.status, name: deployment.name, at: new Date().toISOString() });
  }
}

/** Folds what the agent reports about services into the deployment's service list. */
export function mergeServices(
  known: DeploymentService[],
  reported: readonly { stepId: string; status: string; health: string; publishedPort?: number; restartCount: number; cpuPercent?: number; memoryMb?: number; lastError?: string }[],
): DeploymentService[] {
  const byId = new Map(reported.map((r) => [r.stepId, r]));
  return known.map((service) => {
    const report = byId.get(service.id);
    if (!report) return service;
    return {
      ...service,
      status: report.status,
      health: report.health,
      publishedPort: report.publishedPort ?? service.publishedPort,
      restartCount: report.restartCount,
      ...(report.cpuPercent !== undefined ? { cpuPercent: report.cpuPercent } : {}),
      ...(report.memoryMb !== undefined ? { memoryMb: report.memoryMb } : {}),
      ...(report.lastError ? { lastError: report.lastError } : {}),
    };
  });
}

/** The services of a deployment whose containers are gone. */
export function servicesRemoved(services: DeploymentService[]): DeploymentService[] {
  return services.map((service) => ({ ...service, status: 'removed', health: 'none', publishedPort: null }));
}

export type { DeploymentStatus };
