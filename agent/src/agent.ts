// The agent's lifecycle: owns the data dir, the Docker connection and the listening socket, and wires
// the parts together — the control-plane connection (connection/), the deployment table and its
// converge loop (deployments/), log streaming (logs/) — plus the heartbeat, cleanup and ping timers
// and the state file.
import Docker from 'dockerode';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PING_SECONDS, PROTOCOL_VERSION, type PayloadOf } from '@nullops/core/contracts';
import { listenAgentServer, type AgentServer } from './connection/agent-server.js';
import { ControlLink, type Dispatch } from './connection/control-link.js';
import { requestDispatch } from './connection/requests.js';
import { DeploymentTable } from './deployments/table.js';
import { Firewall } from './docker/firewall.js';
import { loadOrCreateTlsIdentity, type TlsIdentity } from './identity/tls-identity.js';
import { TokenStore } from './identity/token-store.js';
import { LogSubscriptions } from './logs/log-subscriptions.js';
import type { AgentLogger } from './observability/logger.js';
import { heartbeatPayload } from './observability/node-report.js';
import { NodeUsage } from './observability/node-usage.js';
import { loadState, StateFile } from './state/state-file.js';

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

export class Agent {
  readonly docker: Docker;
  private readonly link: ControlLink;
  private deployments!: DeploymentTable;
  private dispatch!: Dispatch;
  private readonly logs: LogSubscriptions;
  private readonly timers: NodeJS.Timeout[] = [];
  private server: AgentServer | null = null;
  private readonly stateFile: StateFile;
  private tokens!: TokenStore;
  private firewall!: Firewall;
  private readonly usage: NodeUsage;
  private capacity = { cpu: 0, memoryMb: 0, diskMb: 0 };
  private stopping = false;
  private stopped = false;
  tls!: TlsIdentity;

  constructor(private readonly settings: AgentSettings) {
    const log = settings.log;
    this.docker = new Docker(settings.dockerSocket ? { socketPath: settings.dockerSocket } : undefined);
    this.stateFile = new StateFile(join(settings.dataDir, 'state.json'));
    this.usage = new NodeUsage(settings.dataDir);
    this.logs = new LogSubscriptions({
      docker: this.docker,
      log,
      nodeId: () => this.deployments.maybeNodeId,
      masker: (id) => this.deployments.masker(id),
    });
    this.link = new ControlLink(
      {
        hello: () => this.hello(),
        dispatch: (request, session) => this.dispatch(request, session),
        closed: () => this.logs.endAll(),
        log,
      },
      0,
    );
  }

  get port(): number {
    return this.server?.port ?? 0;
  }

  async start(): Promise<void> {
    const { log } = this.settings;
    await mkdir(this.settings.dataDir, { recursive: true, mode: 0o700 });
    this.tls = await loadOrCreateTlsIdentity(this.settings.dataDir);
    const { store, adopted } = await TokenStore.open(join(this.settings.dataDir, 'token.json'), this.settings.token);
    this.tokens = store;
    if (adopted) log.info('adopted the token from AGENT_TOKEN');
    if (!store.hasToken) log.warn('no valid token: every connection is refused until AGENT_TOKEN is set to a new value');
    await this.docker.ping().catch((error: Error) => {
      throw new Error(`cannot reach the Docker engine (${this.settings.dockerSocket ?? '/var/run/docker.sock'}): ${error.message}`);
    });
    this.firewall = await Firewall.detect(() => this.deployments?.maybeNodeId ?? 'unknown', log, { insecureNoFirewall: this.settings.insecureNoFirewall });
    this.deployments = new DeploymentTable(
      {
        docker: this.docker,
        publishAddress: this.settings.publishAddress,
        pluginKillAfterSeconds: this.settings.pluginKillAfterSeconds,
        firewall: this.firewall,
        log,
        emit: (type, payload) => this.link.emit(type, payload),
        persist: () => this.persist(),
      },
      this.settings.nodeId,
    );
    this.dispatch = requestDispatch({ docker: this.docker, deployments: this.deployments, logs: this.logs, tokens: this.tokens, log });
    this.capacity = await this.usage.capacity();
    await this.recover();
    this.server = await listenAgentServer({
      host: this.settings.host,
      port: this.settings.port,
      key: this.tls.key,
      cert: this.tls.cert,
      authorize: (token) => !this.stopping && this.tokens.accepts(token),
      onConnection: (socket) => this.link.accept(socket),
    });
    this.timers.push(setInterval(() => void this.heartbeat(), this.settings.heartbeatSeconds * 1000));
    this.timers.push(setInterval(() => void this.cleanup(), this.settings.cleanupSeconds * 1000));
    this.timers.push(setInterval(() => this.link.pingWhenIdle(), PING_SECONDS * 1000));
    for (const timer of this.timers) timer.unref();
  }

  /** Stops listening and ends running pipelines without removing anything: the next start rolls them back. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.logs.endAll();
    this.link.close(1001, 'agent stopping');
    await this.server?.close();
    await this.deployments.stop();
    await this.persist();
    this.stopped = true;
  }

  /** Orphan cleanup now; returns how many objects it removed. */
  cleanup(): Promise<number> {
    return this.deployments.cleanup();
  }

  private persist(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const nodeId = this.deployments.maybeNodeId;
    return this.stateFile
      .save({ version: 1, ...(nodeId ? { nodeId } : {}), lastEventSeq: this.link.eventSeq, deployments: this.deployments.records() })
      .catch((error: Error) => this.settings.log.error(`cannot write the state file: ${error.message}`));
  }

  /** Start-up: the state file (a lost or corrupt one is rebuilt from Docker's labels and the next sync). */
  private async recover(): Promise<void> {
    const { state, problem } = await loadState(join(this.settings.dataDir, 'state.json'));
    if (problem) this.settings.log.warn(`${problem}; rebuilding from Docker labels and the next sync`);
    this.link.eventSeq = Math.max(state.lastEventSeq, Date.now());
    await this.deployments.restore(state.nodeId, state.deployments);
  }

  private hello(): PayloadOf<'hello'> {
    const nodeId = this.deployments.maybeNodeId;
    return {
      agentVersion: AGENT_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      ...(nodeId ? { nodeId } : {}),
      runtime: 'docker',
      publishAddress: this.settings.publishAddress,
      capacity: this.capacity,
      labels: this.settings.labels,
      deployments: this.deployments.records().map(({ id, generation, status }) => ({ id, generation, status })),
      firewall: this.firewall.state,
    };
  }

  private async heartbeat(): Promise<void> {
    const nodeId = this.deployments.maybeNodeId;
    if (!this.link.connected || !nodeId) return;
    try {
      this.link.emit('heartbeat', await heartbeatPayload(this.docker, nodeId, this.usage, (id) => this.deployments.has(id)));
    } catch (error) {
      this.settings.log.warn(`heartbeat skipped: ${(error as Error).message}`);
    }
  }
}
