// The agent hub: one connection per node, requests to a node in order with an increasing `seq`,
// events de-duplicated by `eventSeq`, and the offline grace period — a node counts as offline only
// after its link stayed down that long, so a blip or a control-plane restart changes nothing for users.
import type { Frame, MessageType, PayloadOf } from '../contracts/index.js';
import { AgentConnection, AgentRequestError, type AgentEndpoint, type LinkState } from './agent-connection.js';
import type { BackoffOptions } from './backoff.js';
import type { Hello } from '../contracts/index.js';

export interface HubListener {
  onHello(nodeId: string, hello: Hello, thumbprint: string): Promise<void>;
  onEvent(nodeId: string, frame: Frame & { type: MessageType }): void;
  onLinkState(nodeId: string, state: LinkState): void;
  /** The link has been down for the whole grace period. */
  onOffline(nodeId: string): void;
}

export interface AgentHubOptions {
  graceSeconds: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  controlPlaneVersion: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

type SeqPayload<T extends MessageType> = PayloadOf<T> extends { seq: number } ? Omit<PayloadOf<T>, 'seq'> : PayloadOf<T>;

interface NodeLink {
  connection: AgentConnection;
  lastSeq: number;
  lastEventSeq: number;
  graceTimer?: NodeJS.Timeout;
  offline: boolean;
  queue: Promise<unknown>;
}

export class AgentHub {
  private readonly links = new Map<string, NodeLink>();

  constructor(
    private readonly listener: HubListener,
    private readonly options: AgentHubOptions,
  ) {}

  has(nodeId: string): boolean {
    return this.links.has(nodeId);
  }

  isOnline(nodeId: string): boolean {
    return this.links.get(nodeId)?.connection.isOnline ?? false;
  }

  onlineNodes(): string[] {
    return [...this.links].filter(([, link]) => link.connection.isOnline).map(([nodeId]) => nodeId);
  }

  /** Starts dialing a node, or redials it with a new token or pin. */
  connect(endpoint: AgentEndpoint): void {
    const existing = this.links.get(endpoint.nodeId);
    if (existing) {
      existing.connection.updateEndpoint(endpoint);
      return;
    }
    const link: NodeLink = { lastSeq: 0, lastEventSeq: 0, offline: false, queue: Promise.resolve(), connection: undefined as unknown as AgentConnection };
    link.connection = new AgentConnection(
      endpoint,
      {
        onHello: (hello, thumbprint) => this.listener.onHello(endpoint.nodeId, hello, thumbprint),
        onEvent: (frame) => this.receive(endpoint.nodeId, link, frame),
        onState: (state) => this.linkState(endpoint.nodeId, link, state),
      },
      { backoff: this.options.backoff, requestTimeoutMs: this.options.requestTimeoutMs, controlPlaneVersion: this.options.controlPlaneVersion, log: this.options.log },
    );
    this.links.set(endpoint.nodeId, link);
    this.armGrace(endpoint.nodeId, link);
    link.connection.start();
  }

  disconnect(nodeId: string): void {
    const link = this.links.get(nodeId);
    if (!link) return;
    clearTimeout(link.graceTimer);
    link.connection.stop();
    this.links.delete(nodeId);
  }

  stopAll(): void {
    for (const nodeId of [...this.links.keys()]) this.disconnect(nodeId);
  }

  /**
   * Sends a request through the node's ordered queue. `sync`, `deploy` and `destroy` get the next `seq`
   * (increasing across control-plane restarts: it never falls below the clock in milliseconds).
   */
  request<T extends MessageType>(nodeId: string, type: T, payload: SeqPayload<T>, timeoutMs?: number): Promise<unknown> {
    const link = this.links.get(nodeId);
    if (!link) return Promise.reject(new AgentRequestError('NODE_UNKNOWN', `node ${nodeId} is not connected to this control plane`));
    const run = async () => {
      const body = type === 'sync' || type === 'deploy' || type === 'destroy' ? { ...(payload as object), seq: (link.lastSeq = Math.max(link.lastSeq + 1, Date.now())) } : payload;
      return link.connection.request(type, body as PayloadOf<T>, timeoutMs);
    };
    const result = link.queue.then(run, run);
    link.queue = result.catch(() => undefined);
    return result;
  }

  private receive(nodeId: string, link: NodeLink, frame: Frame & { type: MessageType }): void {
    if (frame.eventSeq !== undefined) {
      // An agent whose outbox counter restarted begins again at 1.
      if (frame.eventSeq === 1) link.lastEventSeq = 0;
      if (frame.eventSeq <= link.lastEventSeq) return;
      link.lastEventSeq = frame.eventSeq;
    }
    this.listener.onEvent(nodeId, frame);
  }

  private linkState(nodeId: string, link: NodeLink, state: LinkState): void {
    if (state.state === 'online') {
      clearTimeout(link.graceTimer);
      link.graceTimer = undefined;
      link.offline = false;
    } else {
      this.armGrace(nodeId, link);
    }
    this.listener.onLinkState(nodeId, state);
  }

  private armGrace(nodeId: string, link: NodeLink): void {
    if (link.graceTimer || link.offline) return;
    link.graceTimer = setTimeout(() => {
      link.graceTimer = undefined;
      if (link.connection.isOnline) return;
      link.offline = true;
      this.listener.onOffline(nodeId);
    }, this.options.graceSeconds * 1000);
    link.graceTimer.unref?.();
  }
}
