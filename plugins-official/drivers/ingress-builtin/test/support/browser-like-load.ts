// A bounded load whose client behaves like a browser on kept-alive connections: Node's http Agent
// (keepAlive), plus the one retry browsers make by themselves. Chromium's HttpNetworkTransaction
// (HandleIOError → ShouldResendRequest) sends a request again when its connection was reset or closed
// before any response header arrived *and* the connection had been used before — the server may have
// closed an idle kept-alive connection just as the request went out (RFC 9112 §9.3.1 allows retrying
// idempotent requests then). Node's http Agent and undici 7 leave this to the caller.
//
// Retried here, and only here: an idempotent request that failed with no response byte received, on a
// connection that had already carried a complete response. Each retry is counted (with its error)
// and reported; a failure on a fresh connection, after any response byte, or a wrong answer is an error.
import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

export interface LoadTarget {
  host: string;
  expectBody: string;
}

export interface BrowserLikeLoadResult {
  sent: number;
  ok: number;
  /** Requests that did not end in the expected answer, with why. */
  errors: string[];
  /** Retries made under the rule above (one per resend, not per request). */
  retried: number;
  /** The error each retried attempt met, e.g. `ECONNRESET`. */
  retryReasons: string[];
  /** Connections (sockets) the client opened. */
  connections: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** A safety net against a loop; a browser stops when it runs out of reused connections. */
const MAX_ATTEMPTS = 10;

export async function runBrowserLikeLoad(
  port: number,
  targets: LoadTarget[],
  limits: { requests: number; maxMs: number; concurrency: number },
): Promise<BrowserLikeLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: limits.concurrency });
  const deadline = Date.now() + limits.maxMs;
  const result: BrowserLikeLoadResult = { sent: 0, ok: 0, errors: [], retried: 0, retryReasons: [], connections: 0 };
  // Complete responses per socket. `req.reusedSocket` is not enough: the Agent leaves it false when it
  // hands a freed socket to a request that was waiting in its queue.
  const answered = new WeakMap<Socket, number>();
  const seen = new WeakSet<Socket>();
  const method = 'GET';

  const one = (target: LoadTarget, attempt: number): Promise<void> =>
    new Promise<void>((resolve) => {
      let socket: Socket | undefined;
      let reused = false;
      let bytesAtStart = 0;
      let gotResponse = false;
      const req = request({ host: '127.0.0.1', port, path: '/', method, headers: { host: target.host }, agent }, (res) => {
        gotResponse = true;
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          if (socket) answered.set(socket, (answered.get(socket) ?? 0) + 1);
          if (res.statusCode === 200 && body === target.expectBody) result.ok++;
          else result.errors.push(`${target.host}: ${res.statusCode} ${body.slice(0, 80)}`);
          resolve();
        });
      });
      req.on('socket', (s: Socket) => {
        socket = s;
        if (!seen.has(s)) {
          seen.add(s);
          result.connections++;
        }
        reused = (answered.get(s) ?? 0) > 0;
        bytesAtStart = s.bytesRead;
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        const noResponseByte = !gotResponse && (!socket || socket.bytesRead === bytesAtStart);
        const reason = error.code ?? error.message;
        if (IDEMPOTENT.has(method) && reused && noResponseByte && attempt < MAX_ATTEMPTS) {
          result.retried++;
          result.retryReasons.push(reason);
          return resolve(one(target, attempt + 1));
        }
        const where = reused ? 'reused connection' : 'fresh connection';
        result.errors.push(`${target.host}: ${error.message} (${where}${noResponseByte ? '' : ', after response bytes'}, attempt ${attempt + 1})`);
        resolve();
      });
      req.end();
    });

  const worker = async (w: number) => {
    while (result.sent < limits.requests && Date.now() < deadline) {
      const target = targets[(result.sent + w) % targets.length];
      result.sent++;
      await one(target, 0);
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, (_, w) => worker(w)));
  agent.destroy();
  return result;
}
