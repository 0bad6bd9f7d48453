// The agent: owns the data dir, the Docker connection and the one control-plane connection; turns
// protocol requests into deployment runs, teardowns and reports, and keeps events in the outbox
// while nobody listens. Decisions live in pipeline/reconcile.ts; this file wires them to the world.
import Docker from 'dockerode';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebSocket, RawData } from 'ws';
import {
  AgentErrorCode,
  frame,
  parseFrame,
  PING_SECONDS,
  PROTOCOL_VERSION,
  type Deploy,
  type Destroy,
  type ErrorInfo,
  type Frame,
  type LogsSubscribe,
  type MessageType,
  type PayloadOf,
  type Plan,
  type RollbackCall,
  type StatusEvent,
  type Sync,
} from '@nullops/core/contracts';
import { topologicalOrder } from '@nullops/core/pipeline';
import { listenAgentServer, type AgentServer } from './connection/agent-server.js';
import { Outbox } from './connection/outbox.js';
import { streamLogLines } from './docker/container-logs.js';
import { Firewall } from './docker/firewall.js';
import { ensureImage } from './docker/image-pull.js';
import { listLabelledObjects, removeObject } from './docker/labelled-objects.js';
import { AGENT_LABELS } from './docker/labels.js';
import { loadOrCreateTlsIdentity, type TlsIdentity } from './identity/tls-identity.js';
import { TokenStore } from './identity/token-store.js';
import type { AgentLogger } from './observability/logger.js';
import { createMasker } from './observability/masking.js';
import { NodeUsage } from './observability/node-usage.js';
import { observeServices } from './observability/service-observation.js';
import { DeploymentRun, type RunResult } from './pipeline/deployment-run.js';
import { reconcile, type DesiredDeployment } from './pipeline/reconcile.js';
import { removeDeploymentObjects, runRollbacks, type TeardownHost } from './pipeline/teardown.js';
import { loadState, StateFile, type DeploymentRecord } from './state/state-file.js';

export const AGENT_VERSION = '0.1.0';

export interface AgentSettings {
  dataDir: string;
  host: string;
  port: number;
  token?: string;
  publishAddress: string;
  nodeId?: string;
  labels: Record<string, string>;
  heartbeatSeconds: number;
  cleanupSeconds: number;
  pluginKillAfterSeconds: number;
  dockerSocket?: string;
  /** Run deployments that publish ports even when the isolation firewall cannot be installed. */
  insecureNoFirewall: boolean;
  log: AgentLogger;
}

interface DeploymentEntry {
  record: DeploymentRecord;
  run?: DeploymentRun;
  masks: string[];
  /** Operations on one deployment run one after another. */
  queue: Promise<void>;
  busy: number;
}

class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Agent {
  readonly docker: Docker;
  private nodeId: string | undefined;
  private synced = false;
  private eventSeq = 0;
  private readonly deployments = new Map<string, DeploymentEntry>();
  private readonly outbox = new Outbox();
  private socket: WebSocket | null = null;
  private lastSentAt = 0;
  private readonly subscriptions = new Map<string, AbortController>();
  private readonly timers: NodeJS.Timeout[] = [];
  private server: AgentServer | null = null;
  private stateFile: StateFile;
  private tokens!: TokenStore;
  private firewall!: Firewall;
  private usage: NodeUsage;
  private capacity = { cpu: 0, memoryMb: 0, diskMb: 0 };
  private stopping = false;
  private stopped = false;
  private cleaning = false;
  tls!: TlsIdentity;

  constructor(private readonly settings: AgentSettings) {
    this.docker = new Docker(settings.dockerSocket ? { socketPath: settings.dockerSocket } : undefined);
    this.stateFile = new StateFile(join(settings.dataDir, 'state.json'));
    this.usage = new NodeUsage(settings.dataDir);
    this.nodeId = settings.nodeId;
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  private get log(): AgentLogger {
    return this.settings.log;
  }

  async start(): Promise<void> {
    await mkdir(this.settings.dataDir, { recursive: true, mode: 0o700 });
    this.tls = await loadOrCreateTlsIdentity(this.settings.dataDir);
    const { store, adopted } = await TokenStore.open(join(this.settings.dataDir, 'token.json'), this.settings.token);
    this.tokens = store;
    if (adopted) this.log.info('adopted the token from AGENT_TOKEN');
    if (!store.hasToken) this.log.warn('no valid token: every connection is refused until AGENT_TOKEN is set to a new value');
    await this.docker.ping().catch((error: Error) => {
      throw new Error(`cannot reach the Docker engine (${this.settings.dockerSocket ?? '/var/run/docker.sock'}): ${error.message}`);
    });
    this.firewall = await Firewall.detect(() => this.nodeId ?? 'unknown', this.log, { insecureNoFirewall: this.settings.insecureNoFirewall });
    this.capacity = await this.usage.capacity();
    await this.recover();
    this.server = await listenAgentServer({
      host: this.settings.host,
      port: this.settings.port,
      key: this.tls.key,
      cert: this.tls.cert,
      authorize: (token) => !this.stopping && this.tokens.accepts(token),
      onConnection: (socket) => this.accept(socket),
    });
    this.timers.push(setInterval(() => void this.heartbeat(), this.settings.heartbeatSeconds * 1000));
    this.timers.push(setInterval(() => void this.cleanup(), this.settings.cleanupSeconds * 1000));
    this.timers.push(setInterval(() => this.pingWhenIdle(), PING_SECONDS * 1000));
    for (const timer of this.timers) timer.unref();
  }

  /** Stops listening and ends running pipelines without removing anything: the next start rolls them back. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const subscription of this.subscriptions.values()) subscription.abort();
    this.socket?.close(1001, 'agent stopping');
    await this.server?.close();
    const runs = [...this.deployments.values()].map((e) => e.run).filter((r): r is DeploymentRun => !!r);
    for (const run of runs) run.cancel();
    await Promise.all([...this.deployments.values()].map((e) => e.queue));
    await this.persist();
    this.stopped = true;
  }

  // ---------- state ----------

  private persist(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return this.stateFile
      .save({
        version: 1,
        ...(this.nodeId ? { nodeId: this.nodeId } : {}),
        lastEventSeq: this.eventSeq,
        deployments: [...this.deployments.values()].map((e) => e.record),
      })
      .catch((error: Error) => this.log.error(`cannot write the state file: ${error.message}`));
  }

  /** Start-up: load state, roll back pipelines a previous run left half-done, adopt labelled objects. */
  private async recover(): Promise<void> {
    const { state, problem } = await loadState(join(this.settings.dataDir, 'state.json'));
    if (problem) this.log.warn(`${problem}; rebuilding from Docker labels and the next sync`);
    this.nodeId ??= state.nodeId;
    this.eventSeq = Math.max(state.lastEventSeq, Date.now());
    for (const record of state.deployments) this.deployments.set(record.id, { record, masks: [], queue: Promise.resolve(), busy: 0 });
    for (const entry of this.deployments.values()) {
      if (entry.record.status !== 'deploying') continue;
      const record = entry.record;
      this.log.warn(`deployment ${record.id} was mid-pipeline when the agent stopped: removing its containers, network and volumes`);
      if (this.nodeId) await removeDeploymentObjects(this.teardownHost, { deploymentId: record.id, generation: record.generation, rollbacks: [], gracefulStopSeconds: 0, mask: (l) => l, archive: false }).catch((error: Error) => this.log.error(error.message));
      record.status = 'failed';
      record.error = { code: AgentErrorCode.agentRestarted, message: 'the agent restarted during the pipeline; containers, network and volumes were removed' };
      record.pendingRollbacks = [...record.rollbackSteps];
      this.emitStatus(record, []);
    }
    if (this.nodeId) await this.adoptFromLabels();
    await this.persist();
  }

  /** Deployments Docker has objects of but the state file does not know (state lost): known again, kept until a sync says otherwise. */
  private async adoptFromLabels(): Promise<void> {
    if (!this.nodeId) return;
    const objects = await listLabelledObjects(this.docker, this.nodeId).catch(() => []);
    const services = await observeServices(this.docker, this.nodeId, { withUsage: false }).catch(() => []);
    for (const object of objects) {
      if (this.deployments.has(object.deploymentId)) continue;
      const mine = services.filter((s) => s.deploymentId === object.deploymentId);
      const generation = Math.max(...objects.filter((o) => o.deploymentId === object.deploymentId).map((o) => o.generation));
      const running = mine.length > 0 && mine.every((s) => s.status === 'running');
      this.log.info(`adopting deployment ${object.deploymentId} (generation ${generation}) from Docker labels`);
      this.deployments.set(object.deploymentId, {
        record: { id: object.deploymentId, generation, seq: 0, status: running ? 'running' : 'failed', rollbackSteps: [] },
        masks: [],
        queue: Promise.resolve(),
        busy: 0,
      });
    }
  }

  // ---------- events and the connection ----------

  private nextSeq = (): number => ++this.eventSeq;

  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void {
    if (type === 'heartbeat' && !this.socket) return;
    const event = frame(type, payload, { eventSeq: this.nextSeq() }) as Frame;
    if (this.socket && this.socket.readyState === this.socket.OPEN) this.send(this.socket, event);
    else this.outbox.push(event);
  }

  private send(socket: WebSocket, message: Frame): void {
    this.lastSentAt = Date.now();
    socket.send(JSON.stringify(message));
  }

  private accept(socket: WebSocket): void {
    if (this.socket) this.socket.close(4000, 'replaced by a newer control-plane connection');
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => void this.onMessage(socket, data, isBinary));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const subscription of this.subscriptions.values()) subscription.abort();
      this.subscriptions.clear();
    });
    this.send(socket, frame('hello', this.hello()) as Frame);
    for (const event of this.outbox.drain(this.nextSeq)) this.send(socket, event);
  }

  private hello(): PayloadOf<'hello'> {
    return {
      agentVersion: AGENT_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      ...(this.nodeId ? { nodeId: this.nodeId } : {}),
      runtime: 'docker',
      publishAddress: this.settings.publishAddress,
      capacity: this.capacity,
      labels: this.settings.labels,
      deployments: [...this.deployments.values()].map((e) => ({ id: e.record.id, generation: e.record.generation, status: e.record.status })),
      firewall: this.firewall.state,
    };
  }

  private pingWhenIdle(): void {
    if (this.socket && Date.now() - this.lastSentAt >= PING_SECONDS * 1000) this.send(this.socket, frame('ping', {}, { id: `agent-ping-${Date.now()}` }) as Frame);
  }

  private async onMessage(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const reply = (message: Frame) => {
      if (socket.readyState === socket.OPEN) this.send(socket, message);
    };
    if (isBinary) return reply(frame('error', { code: AgentErrorCode.badMessage, message: 'frames are JSON text, not binary' }) as Frame);
    const parsed = parseFrame(data.toString(), 'cp');
    if (!parsed.ok) return reply(frame('error', { code: AgentErrorCode.badMessage, message: parsed.message }, parsed.id ? { id: parsed.id } : {}) as Frame);
    const request = parsed.frame;
    if (request.type === 'ack' || request.type === 'error') return;
    try {
      const answer = await this.handle(request.type, request.payload as never, socket);
      reply(frame('ack', answer ?? {}, { id: request.id }) as Frame);
      if (request.type === 'token.revoke') socket.close(4003, 'token revoked');
    } catch (error) {
      const code = error instanceof RequestError ? error.code : AgentErrorCode.internal;
      if (!(error instanceof RequestError)) this.log.error(`${request.type} failed: ${(error as Error).stack ?? error}`);
      reply(frame('error', { code, message: (error as Error).message }, { id: request.id }) as Frame);
    }
  }

  private async handle(type: MessageType, payload: never, socket: WebSocket): Promise<unknown> {
    switch (type) {
      case 'sync':
        return this.onSync(payload as Sync);
      case 'deploy':
        return this.onDeploy(payload as Deploy);
      case 'destroy':
        return this.onDestroy(payload as Destroy);
      case 'logs.subscribe':
        return this.onLogsSubscribe(payload as LogsSubscribe, socket);
      case 'logs.unsubscribe': {
        const { subscriptionId } = payload as { subscriptionId: string };
        this.subscriptions.get(subscriptionId)?.abort();
        this.subscriptions.delete(subscriptionId);
        return {};
      }
      case 'stats':
        return this.onStats((payload as { deploymentId: string }).deploymentId);
      case 'token.rotate':
        await this.tokens.rotate((payload as { newTokenHash: string }).newTokenHash);
        this.log.info('token rotated: the previous token is refused from now on');
        return {};
      case 'token.revoke':
        await this.tokens.revoke();
        this.log.warn('token revoked: every connection is refused until AGENT_TOKEN is set to a new value');
        return {};
      case 'ping':
        return {};
      default:
        throw new RequestError(AgentErrorCode.badMessage, `"${type}" is not a request the agent answers`);
    }
  }

  // ---------- deployments ----------

  private get teardownHost(): TeardownHost {
    return {
      docker: this.docker,
      nodeId: this.nodeId!,
      publishAddress: this.settings.publishAddress,
      firewall: this.firewall,
      pluginKillAfterSeconds: this.settings.pluginKillAfterSeconds,
      log: this.log,
      emit: (type, payload) => this.emit(type, payload),
    };
  }

  private enqueue(entry: DeploymentEntry, operation: () => Promise<void>): void {
    entry.busy++;
    entry.queue = entry.queue
      .then(operation)
      .catch((error: Error) => this.log.error(`deployment ${entry.record.id}: ${error.stack ?? error.message}`))
      .finally(() => entry.busy--);
  }

  private maskOf(entry: DeploymentEntry): (line: string) => string {
    return entry.run ? entry.run.mask : createMasker(entry.masks);
  }

  private async emitStatusWithServices(record: DeploymentRecord, outputs?: Record<string, Record<string, unknown>>): Promise<void> {
    const services = this.nodeId ? await observeServices(this.docker, this.nodeId, { deploymentId: record.id, withUsage: false }).catch(() => []) : [];
    this.emitStatus(
      record,
      services.filter((s) => s.generation === record.generation || record.status !== 'running').map(({ stepId, status, health, publishedPort, restartCount }) => ({ stepId, status, health, ...(publishedPort ? { publishedPort } : {}), restartCount })),
      outputs,
    );
  }

  private emitStatus(record: DeploymentRecord, services: StatusEvent['services'], outputs?: Record<string, Record<string, unknown>>): void {
    this.emit('status', {
      deploymentId: record.id,
      generation: record.generation,
      status: record.status,
      ...(record.error ? { error: record.error } : {}),
      ...(record.pendingRollbacks ? { pendingRollbacks: record.pendingRollbacks } : {}),
      services,
      ...(outputs && Object.keys(outputs).length ? { outputs } : {}),
    });
  }

  private onDeploy({ seq, plan }: Deploy): { accepted: true } {
    if (!this.nodeId) throw new RequestError('NOT_SYNCED', 'the agent has no node id yet: send sync first');
    const problem = planProblem(plan);
    if (problem) throw new RequestError('INVALID_PLAN', problem);
    const existing = this.deployments.get(plan.deploymentId);
    if (existing && plan.generation <= existing.record.generation) {
      throw new RequestError(AgentErrorCode.staleGeneration, `generation ${plan.generation} is not newer than ${existing.record.generation}`);
    }
    const entry: DeploymentEntry = existing ?? { record: { id: plan.deploymentId, generation: plan.generation, seq, status: 'deploying', rollbackSteps: [] }, masks: [], queue: Promise.resolve(), busy: 0 };
    this.deployments.set(plan.deploymentId, entry);
    entry.run?.cancel();
    const record: DeploymentRecord = { id: plan.deploymentId, generation: plan.generation, seq, status: 'deploying', rollbackSteps: [] };
    entry.record = record;
    entry.masks = [...plan.masks];
    const run = new DeploymentRun(
      {
        docker: this.docker,
        nodeId: this.nodeId,
        publishAddress: this.settings.publishAddress,
        firewall: this.firewall,
        pluginKillAfterSeconds: this.settings.pluginKillAfterSeconds,
        emit: (type, payload) => this.emit(type, payload),
        rollbackRecorded: (stepId) => {
          record.rollbackSteps.push(stepId);
          void this.persist();
        },
      },
      plan,
    );
    entry.run = run;
    void this.persist();
    this.emitStatus(record, []);
    this.enqueue(entry, async () => {
      if (entry.run !== run || this.stopping) return;
      await this.removeStale(entry);
      const result = await run.start();
      if (this.stopping) return;
      await this.finishRun(entry, run, result);
    });
    return { accepted: true };
  }

  /** Objects of older generations of this deployment (a retry after a failure, say) go first. */
  private async removeStale(entry: DeploymentEntry): Promise<void> {
    const objects = await listLabelledObjects(this.docker, this.nodeId!, entry.record.id);
    const { remove } = reconcile({ synced: true, deployments: [{ id: entry.record.id, generation: entry.record.generation, want: 'running' }] }, { objects, pipelines: [] });
    for (const object of remove) await removeObject(this.docker, object, 0).catch(() => undefined);
  }

  private async finishRun(entry: DeploymentEntry, run: DeploymentRun, result: RunResult): Promise<void> {
    const record = entry.record;
    if (result.ok) {
      record.status = 'running';
      await this.persist();
      await this.emitStatusWithServices(record, run.outputs);
      return;
    }
    if (result.cancelled) return;
    this.log.warn(`deployment ${record.id} failed: ${result.error.code} ${result.error.message}; rolling back`);
    await this.tearDown(entry, run.completedRollbacks, run.plan.gracefulStopSeconds ?? 30);
    record.status = 'failed';
    record.error = result.error;
    await this.persist();
    this.emitStatus(record, [], run.outputs);
  }

  private async tearDown(entry: DeploymentEntry, rollbacks: readonly RollbackCall[], gracefulStopSeconds: number): Promise<void> {
    const record = entry.record;
    const mask = this.maskOf(entry);
    const teardown = {
      deploymentId: record.id,
      generation: record.generation,
      rollbacks,
      networkGeneration: entry.run?.plan.generation,
      ...(entry.run ? { context: entry.run.invocationContext() } : {}),
      gracefulStopSeconds,
      mask,
      archive: true,
    };
    await runRollbacks(this.teardownHost, teardown);
    const done = new Set(rollbacks.map((r) => r.stepId));
    record.rollbackSteps = record.rollbackSteps.filter((s) => !done.has(s));
    if (record.pendingRollbacks) record.pendingRollbacks = record.pendingRollbacks.filter((s) => !done.has(s));
    await removeDeploymentObjects(this.teardownHost, teardown);
  }

  private onDestroy(request: Destroy): { accepted: true } {
    if (!this.nodeId) throw new RequestError('NOT_SYNCED', 'the agent has no node id yet: send sync first');
    let entry = this.deployments.get(request.deploymentId);
    if (entry && request.generation < entry.record.generation) {
      throw new RequestError(AgentErrorCode.staleGeneration, `generation ${request.generation} is older than ${entry.record.generation}`);
    }
    const known = !!entry;
    entry ??= { record: { id: request.deploymentId, generation: request.generation, seq: request.seq, status: 'failed', rollbackSteps: [] }, masks: [], queue: Promise.resolve(), busy: 0 };
    this.deployments.set(request.deploymentId, entry);
    const target = entry;
    target.masks = [...new Set([...target.masks, ...request.masks, ...(target.run?.secretValues ?? [])])];
    target.run?.addMasks(request.masks);
    const runningRun = target.run;
    runningRun?.cancel();
    this.enqueue(target, async () => {
      await runningRun?.finished?.catch(() => undefined);
      const record = target.record;
      record.generation = Math.max(record.generation, request.generation);
      record.seq = Math.max(record.seq, request.seq);
      // Plugin work still to undo: what this agent did and has not undone, or all of it when the record was lost.
      const owed = new Set([...record.rollbackSteps, ...(record.pendingRollbacks ?? [])]);
      const fromRequest = request.rollbacks.filter((r) => !known || owed.has(r.stepId));
      const fromMemory = (runningRun?.completedRollbacks ?? []).filter((r) => owed.has(r.stepId) && !fromRequest.some((q) => q.stepId === r.stepId));
      const inOrder = [...fromMemory, ...fromRequest];
      await this.tearDown(target, inOrder, request.gracefulStopSeconds);
      record.status = 'deleted';
      delete record.error;
      delete record.pendingRollbacks;
      this.emitStatus(record, []);
      if (this.deployments.get(record.id) === target && target.busy <= 1) this.deployments.delete(record.id);
      await this.persist();
    });
    return { accepted: true };
  }

  private async onSync(sync: Sync): Promise<{ deployments: number }> {
    const learned = this.nodeId !== sync.nodeId;
    if (learned && this.nodeId) this.log.warn(`node id changes from ${this.nodeId} to ${sync.nodeId}`);
    this.nodeId = sync.nodeId;
    if (learned) await this.adoptFromLabels();
    const wanted = new Map(sync.deployments.map((d) => [d.id, d]));
    for (const desired of sync.deployments) {
      const entry = this.deployments.get(desired.id);
      if (entry) {
        entry.masks = [...new Set([...entry.masks, ...desired.masks])];
        entry.run?.addMasks(desired.masks);
      } else if (desired.desired === 'running') {
        this.emit('status', {
          deploymentId: desired.id,
          generation: desired.generation,
          status: 'failed',
          error: { code: AgentErrorCode.unknownDeployment, message: 'this agent has nothing of this deployment' },
          services: [],
        });
      }
    }
    for (const entry of [...this.deployments.values()]) {
      const desired = wanted.get(entry.record.id);
      const absent = desired ? desired.desired === 'absent' : true;
      if (!absent || entry.record.seq > sync.seq || entry.record.status === 'deleted') continue;
      this.log.info(`sync: deployment ${entry.record.id} is not wanted here; removing it`);
      entry.record.seq = sync.seq;
      this.onDestroy({ seq: sync.seq, deploymentId: entry.record.id, generation: Math.max(entry.record.generation, desired?.generation ?? 0), reason: 'deleted', gracefulStopSeconds: 10, masks: [], rollbacks: [] });
    }
    this.synced = true;
    await this.persist();
    void this.cleanup();
    for (const plugin of sync.plugins) {
      const reference = plugin.image.includes('@') || !plugin.digest ? plugin.image : `${plugin.image.replace(/:[^/:]+$/, '')}@${plugin.digest}`;
      ensureImage(this.docker, reference, plugin.pullAuth, () => undefined).catch((error: Error) => this.log.warn(`cannot pre-pull plugin ${plugin.name}@${plugin.version}: ${error.message}`));
    }
    return { deployments: this.deployments.size };
  }

  /** Orphan cleanup: objects of this node that belong to no known deployment (only once a sync said what is known). */
  async cleanup(): Promise<number> {
    if (!this.synced || !this.nodeId || this.cleaning || this.stopping) return 0;
    this.cleaning = true;
    try {
      const objects = await listLabelledObjects(this.docker, this.nodeId);
      const desired: DesiredDeployment[] = [...this.deployments.values()].map((e) => ({
        id: e.record.id,
        generation: e.busy > 0 ? 0 : e.record.generation,
        want: e.busy > 0 || e.record.status === 'running' || e.record.status === 'deploying' ? 'running' : 'absent',
      }));
      const { remove } = reconcile({ synced: true, deployments: desired }, { objects, pipelines: [] });
      for (const object of remove) {
        this.log.info(`cleanup: removing ${object.kind} ${object.name} (deployment ${object.deploymentId})`);
        await removeObject(this.docker, object, 5).catch((error: Error) => this.log.warn(`cleanup of ${object.name} failed: ${error.message}`));
      }
      await this.firewall.releaseUnknown(new Set(desired.filter((d) => d.want === 'running').map((d) => d.id)));
      return remove.length;
    } finally {
      this.cleaning = false;
    }
  }

  // ---------- observability ----------

  private async heartbeat(): Promise<void> {
    if (!this.socket || !this.nodeId) return;
    try {
      const [usage, services] = await Promise.all([this.usage.sample(), observeServices(this.docker, this.nodeId, { withUsage: true })]);
      this.emit('heartbeat', {
        at: new Date().toISOString(),
        usage,
        services: services.filter((s) => this.deployments.has(s.deploymentId)).map(({ generation: _g, ...service }) => service),
      });
    } catch (error) {
      this.log.warn(`heartbeat skipped: ${(error as Error).message}`);
    }
  }

  private async onStats(deploymentId: string): Promise<PayloadOf<'ack'>> {
    if (!this.deployments.has(deploymentId) || !this.nodeId) throw new RequestError(AgentErrorCode.unknownDeployment, `no deployment ${deploymentId} on this node`);
    const services = await observeServices(this.docker, this.nodeId, { deploymentId, withUsage: true });
    return { services: services.map(({ stepId, cpuPercent, memoryMb }) => ({ stepId, cpuPercent, memoryMb })) };
  }

  private async onLogsSubscribe(request: LogsSubscribe, socket: WebSocket): Promise<{ subscribed: true }> {
    const entry = this.deployments.get(request.deploymentId);
    if (!entry || !this.nodeId) throw new RequestError(AgentErrorCode.unknownDeployment, `no deployment ${request.deploymentId} on this node`);
    const label = [`${AGENT_LABELS.node}=${this.nodeId}`, `${AGENT_LABELS.deployment}=${request.deploymentId}`, `${AGENT_LABELS.step}=${request.stepId}`];
    const containers = (await this.docker.listContainers({ all: true, filters: JSON.stringify({ label }) })).filter((c) => ['service', 'job'].includes(c.Labels[AGENT_LABELS.role]));
    const container = containers.sort((a, b) => Number(b.Labels[AGENT_LABELS.generation]) - Number(a.Labels[AGENT_LABELS.generation]))[0];
    if (!container) throw new RequestError('UNKNOWN_STEP', `no service or job container for step ${request.stepId}`);
    const generation = Number(container.Labels[AGENT_LABELS.generation]);
    this.subscriptions.get(request.subscriptionId)?.abort();
    const controller = new AbortController();
    this.subscriptions.set(request.subscriptionId, controller);
    const base = { subscriptionId: request.subscriptionId, deploymentId: request.deploymentId, generation, stepId: request.stepId };
    void streamLogLines(this.docker, container.Id, { since: request.since, tail: request.tail, follow: request.follow, signal: controller.signal }, (stream, at, line) => {
      if (this.socket === socket) this.emit('log', { ...base, stream, at, line: this.maskOf(entry)(line) });
    })
      .catch((error: Error) => this.log.warn(`log subscription ${request.subscriptionId}: ${error.message}`))
      .finally(() => {
        if (this.subscriptions.get(request.subscriptionId) === controller) this.subscriptions.delete(request.subscriptionId);
        if (this.socket === socket && !controller.signal.aborted) this.emit('logs.end', { subscriptionId: request.subscriptionId });
      });
    return { subscribed: true };
  }
}

/** Why a plan cannot run, or null: duplicate step ids, needs naming unknown steps, cycles. */
export function planProblem(plan: Plan): string | null {
  const ids = plan.steps.map((s) => s.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) return `step id "${duplicate}" appears twice`;
  for (const step of plan.steps) {
    const unknown = step.needs.find((n) => !ids.includes(n));
    if (unknown) return `step "${step.id}" needs "${unknown}", which is not in the plan`;
  }
  const order = topologicalOrder(plan.steps);
  if (!order.ok) return `the steps form a cycle: ${order.cycle.join(' → ')}`;
  return null;
}

export type { ErrorInfo };
