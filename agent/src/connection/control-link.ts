// The one control-plane connection: the agent accepts it (listenAgentServer checks the token first),
// greets with `hello`, flushes the outbox, answers each request frame with `ack` or `error` through the
// dispatcher, pings when idle, and numbers every event (eventSeq). While no connection is open, events
// wait in the outbox. The control plane dials and redials (with backoff); a newer connection replaces
// the current one.
import type { RawData, WebSocket } from 'ws';
import { AgentErrorCode, frame, parseFrame, PING_SECONDS, type Frame, type FrameUnion, type MessageType, type PayloadOf, type SentBy } from '@nullops/core/contracts';
import type { AgentLogger } from '../observability/logger.js';
import { Outbox } from './outbox.js';
import { RequestError } from './request-error.js';

/** A frame the control plane sends that asks for an answer (everything it sends but `ack` and `error`). */
export type ControlRequest = FrameUnion<Exclude<SentBy<'cp'>, 'ack' | 'error'>>;

/** Answers one request frame (its `ack` payload), or throws (a RequestError for a refusal). */
export type Dispatch = (request: ControlRequest, link: LinkSession) => Promise<unknown>;

/** The connection a request came on, for answers that outlive the request (log streams). */
export interface LinkSession {
  live(): boolean;
  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void;
}

export interface LinkOptions {
  hello(): PayloadOf<'hello'>;
  dispatch: Dispatch;
  /** The current connection closed. */
  closed(): void;
  log: AgentLogger;
}

export class ControlLink {
  private socket: WebSocket | null = null;
  private readonly outbox = new Outbox();
  private lastSentAt = 0;

  constructor(
    private readonly options: LinkOptions,
    /** The last event number used; the state file keeps it across restarts. */
    public eventSeq: number,
  ) {}

  get connected(): boolean {
    return this.socket !== null;
  }

  private nextSeq = (): number => ++this.eventSeq;

  /** Sends an event now, or keeps it in the outbox until the next connection (heartbeats are not kept). */
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

  accept(socket: WebSocket): void {
    if (this.socket) this.socket.close(4000, 'replaced by a newer control-plane connection');
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => void this.onMessage(socket, data, isBinary));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.closed();
    });
    this.send(socket, frame('hello', this.options.hello()) as Frame);
    for (const event of this.outbox.drain(this.nextSeq)) this.send(socket, event);
  }

  pingWhenIdle(): void {
    if (this.socket && Date.now() - this.lastSentAt >= PING_SECONDS * 1000) this.send(this.socket, frame('ping', {}, { id: `agent-ping-${Date.now()}` }) as Frame);
  }

  close(code: number, reason: string): void {
    this.socket?.close(code, reason);
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
    const session: LinkSession = { live: () => this.socket === socket, emit: (type, payload) => this.emit(type, payload) };
    try {
      const answer = await this.options.dispatch(request, session);
      reply(frame('ack', answer ?? {}, { id: request.id }) as Frame);
      if (request.type === 'token.revoke') socket.close(4003, 'token revoked');
    } catch (error) {
      const code = error instanceof RequestError ? error.code : AgentErrorCode.internal;
      if (!(error instanceof RequestError)) this.options.log.error(`${request.type} failed: ${(error as Error).stack ?? error}`);
      reply(frame('error', { code, message: (error as Error).message }, { id: request.id }) as Frame);
    }
  }
}
