// A bounded load for route-change tests: a fixed number of requests (and a time cap), a few at once,
// over keep-alive connections, on loopback only. Counts every answer that is not the expected one.
import { Agent, request } from 'node:http';

export interface LoadTarget {
  host: string;
  expectBody: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  errors: string[];
  /** GETs sent once more because their connection closed before any answer (see below). */
  retried: number;
}

export async function runLoad(port: number, targets: LoadTarget[], limits: { requests: number; maxMs: number; concurrency: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: limits.concurrency });
  const deadline = Date.now() + limits.maxMs;
  const result: LoadResult = { sent: 0, ok: 0, errors: [], retried: 0 };
  const one = (target: LoadTarget, retry = true): Promise<void> =>
    new Promise<void>((resolve) => {
      let gotResponse = false;
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: target.host }, agent }, (res) => {
        gotResponse = true;
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          if (res.statusCode === 200 && body === target.expectBody) result.ok++;
          else result.errors.push(`${target.host}: ${res.statusCode} ${body.slice(0, 80)}`);
          resolve();
        });
      });
      req.on('error', (error) => {
        // RFC 9112 §9.3.1: a client may retry an idempotent request whose connection closed before
        // any answer; browsers do for kept-alive connections, Node leaves it to the caller. Counted.
        if (retry && !gotResponse) {
          result.retried++;
          return resolve(one(target, false));
        }
        result.errors.push(`${target.host}: ${error.message}${req.reusedSocket ? ' (kept-alive connection)' : ''}${retry ? '' : ' (retry)'}`);
        resolve();
      });
      req.end();
    });
  const worker = async (w: number) => {
    while (result.sent < limits.requests && Date.now() < deadline) {
      const target = targets[(result.sent + w) % targets.length];
      result.sent++;
      await one(target);
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, (_, w) => worker(w)));
  agent.destroy();
  return result;
}
