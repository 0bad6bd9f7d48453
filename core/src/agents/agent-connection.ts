// One control-plane connection to one agent: dials wss://host:port/agent/v1, checks the certificate's
// pinned SHA-256 thumbprint after the TLS handshake and before the token is sent, greets, answers
// requests by id, and redials with backoff until stopped.
import { createHash, randomUUID } from 'node:crypto';
import tls from 'node:tls';
import { isIP } from 'node:net';
import WebSocket from 'ws';
import {
  AGENT_WS_PATH,
  AgentErrorCode,
  CLOSE_INCOMPATIBLE,
  PING_SECONDS,
  PROTOCOL_VERSION,
  checkReply,
  frame as makeFrame,
  parseFrame,
  type AgentEvent,
  type FrameUnion,
  type SentBy,
  type Hello,
  type MessageType,
  type PayloadOf,
  type ReplyOf,
} from '../contracts/index.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { normalizeThumbprint } from './thumbprint.js';

export interface AgentEndpoint {
  nodeId: string;
  host: string;
  port: number;
  token: string;
  /** The pinned thumbprint; null means trust on first use. */
  thumbprint: string | null;
}

export type LinkState =
  | { state: 'connecting'; reason?: string }
  | { state: 'online'; hello: Hello; thumbprint: string }
  | { state: 'untrusted'; seenThumbprint: string }
  | { state: 'incompatible'; reason: string }
  | { state: 'refused'; reason: string };

export interface AgentConnectionHandlers {
  /** The agent greeted; resolve once the desired state was sent. Throwing closes the connection. */
  onHello(hello: Hello, thumbprint: string): Promise<void>;
  onEvent(frame: AgentEvent): void;
  onState(state: LinkState): void;
}

export interface AgentConnectionOptions {
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  controlPlaneVersion: string;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/** A request that failed: a code of `AgentErrorCode`, or whatever code the agent's `error` frame carried. */
export class AgentRequestError extends Error {
  constructor(readonly code: AgentErrorCode | (string & {}), message: string) {
    super(message);
  }
}

export class AgentConnection {
  private socket: WebSocket | undefined;
  private online = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, { resolve: (payload: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private endpoint: AgentEndpoint,
    private readonly handlers: AgentConnectionHandlers,
    private readonly options: AgentConnectionOptions,
  ) {}

  get isOnline(): boolean {
    return this.online;
  }

  start(): void {
    this.stopped = false;
    void this.dial();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.close('stopped');
  }

  /** New token or pin (rotation, approval): redial with it. */
  updateEndpoint(endpoint: AgentEndpoint): void {
    this.endpoint = endpoint;
    this.attempt = 0;
    this.close('endpoint changed');
    if (!this.stopped) {
      clearTimeout(this.retryTimer);
      void this.dial();
    }
  }

  /** Sends a request and resolves with the ack payload; rejects on `error`, timeout or disconnect. */
  request<T extends MessageType>(type: T, payload: PayloadOf<T>, timeoutMs = this.options.requestTimeoutMs): Promise<ReplyOf<T>> {
    const socket = this.socket;
    if (!socket || !this.online) return Promise.reject(new AgentRequestError(AgentErrorCode.nodeOffline, `node ${this.endpoint.nodeId} is not connected`));
    return this.send(socket, type, payload, timeoutMs);
  }

  private send<T extends MessageType>(socket: WebSocket, type: T, payload: PayloadOf<T>, timeoutMs: number): Promise<ReplyOf<T>> {
    const id = randomUUID();
    return new Promise<ReplyOf<T>>((resolveChecked, reject) => {
      // An ack is held to the reply its request type declares: a reply of another shape is the agent's error.
      const resolve = (reply: unknown) => {
        const checked = checkReply(type, reply);
        if (checked.ok) resolveChecked(checked.value);
        else reject(new AgentRequestError(AgentErrorCode.badMessage, checked.message));
      };
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AgentRequestError(AgentErrorCode.agentTimeout, `the agent did not answer ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify(makeFrame(type, payload, { id })), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new AgentRequestError(AgentErrorCode.nodeOffline, `sending ${type} failed: ${error.message}`));
      });
    });
  }

  private async dial(): Promise<void> {
    if (this.stopped) return;
    this.handlers.onState({ state: 'connecting' });
    // Every await below may outlive stop(): each step checks again before it reports or redials.
    const { host, port } = this.endpoint;
    let tlsSocket: tls.TLSSocket;
    try {
      tlsSocket = await openTls(host, port);
    } catch (error) {
      return this.retry(`cannot reach ${host}:${port}: ${(error as Error).message}`);
    }
    if (this.stopped) {
      tlsSocket.destroy();
      return;
    }
    const der = tlsSocket.getPeerCertificate(false)?.raw;
    const seen = der ? sha256Hex(der) : '';
    const pinned = this.endpoint.thumbprint ? normalizeThumbprint(this.endpoint.thumbprint) : null;
    if (!seen || (pinned && seen !== pinned)) {
      tlsSocket.destroy();
      // Nothing is sent to an agent whose certificate we do not trust; an admin must approve it.
      this.handlers.onState({ state: 'untrusted', seenThumbprint: seen });
      return;
    }

    const socket = new WebSocket(`wss://${host}:${port}${AGENT_WS_PATH}`, {
      headers: { authorization: `Bearer ${this.endpoint.token}` },
      createConnection: () => tlsSocket,
      handshakeTimeout: 10_000,
      maxPayload: 64 * 1024 * 1024,
    });
    this.socket = socket;
    let greeted = false;

    socket.on('unexpected-response', (_request, response) => {
      const reason = response.statusCode === 401 ? 'the agent refused the token' : `the agent answered HTTP ${response.statusCode}`;
      this.handlers.onState({ state: 'refused', reason });
      socket.terminate();
    });
    socket.on('error', (error) => this.options.log('agent socket error', { nodeId: this.endpoint.nodeId, error: error.message }));
    socket.on('message', (data) => {
      const parsed = parseFrame(String(data), 'agent');
      if (!parsed.ok) {
        this.options.log('bad frame from agent', { nodeId: this.endpoint.nodeId, message: parsed.message });
        if (parsed.id) socket.send(JSON.stringify(makeFrame('error', { code: AgentErrorCode.badMessage, message: parsed.message }, { id: parsed.id })));
        return;
      }
      const frame = parsed.frame;
      if (!greeted) {
        if (frame.type !== 'hello') {
          socket.close(1002, 'first frame must be hello');
          return;
        }
        greeted = true;
        void this.greet(socket, frame.payload, seen);
        return;
      }
      this.dispatch(socket, frame);
    });
    socket.on('close', (code, reason) => {
      const wasOnline = this.online;
      if (this.socket === socket) {
        this.socket = undefined;
        this.online = false;
      }
      clearInterval(this.pingTimer);
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new AgentRequestError(AgentErrorCode.nodeOffline, 'the connection to the agent closed'));
        this.pending.delete(id);
      }
      if (code === CLOSE_INCOMPATIBLE) return this.retry(String(reason) || 'incompatible', true);
      this.retry(wasOnline ? 'connection lost' : `connection closed (${code})`);
    });
  }

  private async greet(socket: WebSocket, hello: Hello, thumbprint: string): Promise<void> {
    if (hello.protocolVersion !== PROTOCOL_VERSION || !sameMinor(hello.agentVersion, this.options.controlPlaneVersion)) {
      const reason = `agent ${hello.agentVersion} (protocol ${hello.protocolVersion}) does not match control plane ${this.options.controlPlaneVersion} (protocol ${PROTOCOL_VERSION})`;
      this.handlers.onState({ state: 'incompatible', reason });
      socket.close(CLOSE_INCOMPATIBLE, 'incompatible version');
      return;
    }
    this.online = true;
    this.attempt = 0;
    // Trust on first use: the certificate of the first agent that greets is the one pinned from now on.
    this.endpoint = { ...this.endpoint, thumbprint: this.endpoint.thumbprint ?? thumbprint };
    try {
      this.handlers.onState({ state: 'online', hello, thumbprint });
      await this.handlers.onHello(hello, thumbprint);
    } catch (error) {
      this.options.log('handling hello failed', { nodeId: this.endpoint.nodeId, error: (error as Error).message });
      socket.close(1011, 'control plane error');
      return;
    }
    this.pingTimer = setInterval(() => {
      this.send(socket, 'ping', {}, 10_000).catch(() => socket.terminate());
    }, PING_SECONDS * 1000);
  }

  private dispatch(socket: WebSocket, frame: FrameUnion<SentBy<'agent'>>): void {
    switch (frame.type) {
      case 'ack':
      case 'error': {
        const waiting = frame.id ? this.pending.get(frame.id) : undefined;
        if (!waiting) return;
        clearTimeout(waiting.timer);
        this.pending.delete(frame.id!);
        if (frame.type === 'ack') waiting.resolve(frame.payload);
        else waiting.reject(new AgentRequestError(frame.payload.code, frame.payload.message));
        return;
      }
      case 'ping':
        socket.send(JSON.stringify(makeFrame('ack', {}, { id: frame.id })));
        return;
      case 'hello':
        // Only the first frame greets; a second hello says nothing.
        return;
      default:
        // Everything else an agent sends unasked is an event (parseFrame let through only what agents send).
        this.handlers.onEvent(frame);
        return;
    }
  }

  private retry(reason: string, incompatible = false): void {
    if (this.stopped) return;
    if (!incompatible) this.handlers.onState({ state: 'connecting', reason });
    const delay = backoffDelay(this.attempt++, this.options.backoff);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.dial(), delay);
  }

  private close(reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.online = false;
    clearInterval(this.pingTimer);
    socket?.removeAllListeners('close');
    socket?.on('error', () => {});
    socket?.close(1000, reason);
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new AgentRequestError(AgentErrorCode.nodeOffline, `connection closed: ${reason}`));
      this.pending.delete(id);
    }
  }
}

function openTls(host: string, port: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    // The agent's certificate is self-signed: trust comes from the pinned thumbprint, checked by the caller.
    const socket = tls.connect({ host, port, rejectUnauthorized: false, servername: isIP(host) ? undefined : host, timeout: 10_000 });
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('timeout', () => socket.destroy(new Error('TLS handshake timed out')));
    socket.once('error', reject);
  });
}

function sha256Hex(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function sameMinor(a: string, b: string): boolean {
  const [am, an] = a.split('.');
  const [bm, bn] = b.split('.');
  return am === bm && an === bn;
}
