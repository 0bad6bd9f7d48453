// The agent hub (`app.agents`): one connection per node, requests to a node in order with an increasing
// `seq`, events de-duplicated by `eventSeq`, what a node says handed to the listener one message at a
// time in the order it was said, and the offline grace period — a node counts as offline only after its
// link stayed down that long, so a blip or a control-plane restart changes nothing for users.
import { AgentErrorCode, type AgentEvent, type Hello, type MessageType, type PayloadOf, type ReplyOf } from '../contracts/index.js';
import { AgentConnection, AgentRequestError, type AgentEndpoint, type LinkState } from './agent-connection.js';
import type { BackoffOptions } from './backoff.js';

/** What hears the nodes (the deployments module): each call waits for the node's previous one. */
export interface HubListener {
  /** The agent greeted; the connection sends nothing else before this resolves. Throwing closes it. */
  onHello(nodeId: string, hello: Hello, thumbprint: string): Promise<void>;
  onEvent(nodeId: string, frame: AgentEvent): Promise<void>;
  onLinkState(nodeId: string, state: LinkState): Promise<void>;
  /** The link has been down for the whole grace period. */
  onOffline(nodeId: string): Promise<void>;
}

export interface AgentHubOptions {
  graceSeconds: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  controlPlaneVersion: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
  logError: (message: string, fields: Record<string, unknown>) => void;
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
  private listener: HubListener | undefined;
  /** Per node, the handling of what it said last: the next message waits for it. */
  private readonly perNode = new Map<string, Promise<void>>();
  private stopping = false;
  private readonly stopHooks: (() => Promise<void>)[] = [];

  constructor(private readonly options: AgentHubOptions) {}

  /** Sets who hears the nodes; once, before the first `connect`. */
  listen(listener: HubListener): void {
    if (this.listener) throw new Error('the agent hub already has a listener');
    this.listener = listener;
  }

  /** Work to finish once no node is heard any more, at `stop()` (flushing what was taken in). */
  onStop(work: () => Promise<void>): void {
    this.stopHooks.push(work);
  }

  /**
   * Stops dialing and listening to agents, waits for what was already heard, then runs the stop hooks.
   * Safe to call more than once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopAll();
    await Promise.all(this.perNode.values());
    for (const work of this.stopHooks.splice(0)) await work();
  }

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
        onHello: (hello, thumbprint) => {
          // In the node's queue like everything it says, and awaited: the connection sends nothing else first.
          const done = (this.perNode.get(endpoint.nodeId) ?? Promise.resolve()).then(() => this.heard().onHello(endpoint.nodeId, hello, thumbprint));
          this.perNode.set(endpoint.nodeId, done.catch(() => undefined));
          return done;
        },
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
  request<T extends MessageType>(nodeId: string, type: T, payload: SeqPayload<T>, timeoutMs?: number): Promise<ReplyOf<T>> {
    const link = this.links.get(nodeId);
    if (!link) return Promise.reject(new AgentRequestError(AgentErrorCode.nodeUnknown, `node ${nodeId} is not connected to this control plane`));
    const run = async () => {
      const body = type === 'sync' || type === 'deploy' || type === 'destroy' ? { ...(payload as object), seq: (link.lastSeq = Math.max(link.lastSeq + 1, Date.now())) } : payload;
      return link.connection.request(type, body as PayloadOf<T>, timeoutMs);
    };
    const result = link.queue.then(run, run);
    link.queue = result.catch(() => undefined);
    return result;
  }

  private heard(): HubListener {
    if (!this.listener) throw new Error('the agent hub has no listener: call listen() before connect()');
    return this.listener;
  }

  /**
   * Runs `work` in the node's queue. What a node says is applied one message at a time, in the order it
   * was said: two updates of the same row handled side by side could land in the wrong order (a late
   * `deploying` over `running`). Work of our own (sending the desired state) joins the same queue.
   */
  inOrder(nodeId: string, work: () => Promise<void>, what: string): void {
    // Once stopping, the database may be going away: what agents say now is heard again on the next start.
    if (this.stopping) return;
    const previous = this.perNode.get(nodeId) ?? Promise.resolve();
    const next = previous.then(work).catch((error) => this.options.logError(`${what} failed`, { err: error, nodeId }));
    this.perNode.set(nodeId, next);
  }

  private receive(nodeId: string, link: NodeLink, frame: AgentEvent): void {
    if (frame.eventSeq !== undefined) {
      // An agent whose outbox counter restarted begins again at 1.
      if (frame.eventSeq === 1) link.lastEventSeq = 0;
      if (frame.eventSeq <= link.lastEventSeq) return;
      link.lastEventSeq = frame.eventSeq;
    }
    this.inOrder(nodeId, () => this.heard().onEvent(nodeId, frame), `handling ${frame.type}`);
  }

  private linkState(nodeId: string, link: NodeLink, state: LinkState): void {
    if (state.state === 'online') {
      clearTimeout(link.graceTimer);
      link.graceTimer = undefined;
      link.offline = false;
    } else {
      this.armGrace(nodeId, link);
    }
    this.inOrder(nodeId, () => this.heard().onLinkState(nodeId, state), 'recording node state');
  }

  private armGrace(nodeId: string, link: NodeLink): void {
    if (link.graceTimer || link.offline) return;
    link.graceTimer = setTimeout(() => {
      link.graceTimer = undefined;
      if (link.connection.isOnline) return;
      link.offline = true;
      this.inOrder(nodeId, () => this.heard().onOffline(nodeId), 'marking node offline');
    }, this.options.graceSeconds * 1000);
    link.graceTimer.unref?.();
  }
}
