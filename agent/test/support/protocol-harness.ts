// A real protocol peer for tests: dials the agent like the control plane will (thumbprint checked
// before the token is sent), validates every frame the agent sends, answers the agent's pings and
// offers request/wait helpers. Not a fake — it speaks docs/agent-protocol.md over a real TLS WebSocket.
import { connect as tlsConnect } from 'node:tls';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { AGENT_WS_PATH, frame, parseFrame, type Frame, type MessageType, type PayloadOf } from '@nullops/core/contracts';

export class AgentRefused extends Error {
  constructor(readonly status: number) {
    super(`agent refused the connection with HTTP ${status}`);
  }
}

export class RequestFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface HarnessOptions {
  port: number;
  token: string;
  host?: string;
  /** When given, the connection is dropped before the upgrade if the certificate differs. */
  thumbprint?: string;
}

/** The SHA-256 thumbprint of the certificate an agent presents. */
export function fetchThumbprint(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false }, () => {
      const thumbprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(thumbprint);
    });
    socket.once('error', reject);
  });
}

let requestCounter = 0;

export class ProtocolHarness {
  readonly frames: Frame[] = [];
  readonly invalidFrames: string[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private seq = 0;
  closed = false;
  closeCode = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(data.toString()));
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
    socket.on('error', () => undefined);
  }

  static async connect(options: HarnessOptions): Promise<ProtocolHarness> {
    const host = options.host ?? '127.0.0.1';
    if (options.thumbprint) {
      const seen = await fetchThumbprint(options.port, host);
      if (seen !== options.thumbprint) throw new Error(`certificate thumbprint ${seen} is not the pinned ${options.thumbprint}`);
    }
    const socket = new WebSocket(`wss://${host}:${options.port}${AGENT_WS_PATH}`, {
      headers: { authorization: `Bearer ${options.token}` },
      rejectUnauthorized: false,
      handshakeTimeout: 5000,
    });
    const harness = new ProtocolHarness(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new AgentRefused(res.statusCode ?? 0)));
      socket.once('error', reject);
    });
    await harness.waitFor((f) => f.type === 'hello', 5000);
    return harness;
  }

  /** Connects or reports the refusal status (401…), for tests that expect a refusal. */
  static async tryConnect(options: HarnessOptions): Promise<{ harness: ProtocolHarness } | { refused: number }> {
    try {
      return { harness: await ProtocolHarness.connect(options) };
    } catch (error) {
      if (error instanceof AgentRefused) return { refused: error.status };
      throw error;
    }
  }

  get hello(): PayloadOf<'hello'> {
    const hello = this.frames.find((f) => f.type === 'hello');
    if (!hello) throw new Error('no hello yet');
    return hello.payload as PayloadOf<'hello'>;
  }

  private receive(text: string): void {
    const parsed = parseFrame(text, 'agent');
    if (!parsed.ok) {
      this.invalidFrames.push(`${parsed.message}: ${text.slice(0, 300)}`);
      return;
    }
    const received = parsed.frame;
    this.frames.push(received);
    if (received.type === 'ping' && received.id) this.sendRaw(JSON.stringify(frame('ack', {}, { id: received.id })));
    for (const waiter of [...this.waiters]) {
      if (waiter.match(received)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(received);
      }
    }
  }

  sendRaw(text: string | Buffer): void {
    this.socket.send(text);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Sends a request and resolves with the ack payload; an `error` reply rejects with RequestFailed. */
  async request<T extends MessageType>(type: T, payload: PayloadOf<T>, timeoutMs = 10_000): Promise<unknown> {
    const id = `req-${++requestCounter}-${randomUUID().slice(0, 8)}`;
    const answer = this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, timeoutMs);
    this.sendRaw(JSON.stringify(frame(type, payload, { id })));
    const reply = await answer;
    if (reply.type === 'error') {
      const { code, message } = reply.payload as { code: string; message: string };
      throw new RequestFailed(code, message);
    }
    return reply.payload;
  }

  /** Resolves with the first frame (already received or arriving) that matches. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 30_000, includeSeen = true): Promise<Frame> {
    const seen = includeSeen ? this.frames.find(match) : undefined;
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms; last frames: ${this.frames.slice(-5).map((f) => `${f.type} ${JSON.stringify(f.payload).slice(0, 200)}`).join(' | ')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  events<T extends MessageType>(type: T, deploymentId?: string): PayloadOf<T>[] {
    return this.frames
      .filter((f) => f.type === type && (!deploymentId || (f.payload as { deploymentId?: string }).deploymentId === deploymentId))
      .map((f) => f.payload as PayloadOf<T>);
  }

  /** The next `status` event of a deployment whose status is one of `statuses`. */
  async waitForStatus(deploymentId: string, statuses: string[], timeoutMs = 60_000): Promise<PayloadOf<'status'>> {
    const found = await this.waitFor((f) => f.type === 'status' && (f.payload as PayloadOf<'status'>).deploymentId === deploymentId && statuses.includes((f.payload as PayloadOf<'status'>).status), timeoutMs);
    return found.payload as PayloadOf<'status'>;
  }

  async sync(nodeId: string, deployments: PayloadOf<'sync'>['deployments'] = [], plugins: PayloadOf<'sync'>['plugins'] = []): Promise<unknown> {
    return this.request('sync', { seq: this.nextSeq(), nodeId, deployments, plugins });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'harness done');
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}
