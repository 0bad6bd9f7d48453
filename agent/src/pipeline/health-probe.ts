// Health of a service as docs/agent-protocol.md defines it: `command` is Docker's own healthcheck; `http` and
// `tcp` are probed by the agent at the container's address on the deployment network; without a
// healthcheck a running container is healthy once its ingress port (if any) accepts a connection.
import { connect } from 'node:net';
import { request } from 'node:http';
import type { Healthcheck } from '@nullops/core/contracts';

/** What the agent probes, in terms of container ports; stored on the container as a label. */
export type Probe = { type: 'tcp'; port: number } | { type: 'http'; port: number; path: string; expectStatus?: number } | { type: 'docker' } | { type: 'running' };

export interface ProbeTiming {
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

/** The probe and timing for a service step, with docs/agent-protocol.md defaults filled in. */
export function probeFor(healthcheck: Healthcheck | undefined, ports: readonly { name: string; port: number; ingress: boolean }[]): { probe: Probe; timing: ProbeTiming } {
  const timing: ProbeTiming = {
    intervalMs: (healthcheck?.intervalSeconds ?? (healthcheck ? 2 : 0.25)) * 1000,
    timeoutMs: (healthcheck?.timeoutSeconds ?? 2) * 1000,
    retries: healthcheck?.retries ?? (healthcheck ? 30 : 240),
    startPeriodMs: (healthcheck?.startPeriodSeconds ?? 0) * 1000,
  };
  const portNumber = (name: string): number => {
    const found = ports.find((p) => p.name === name);
    if (!found) throw new Error(`healthcheck names port "${name}", which the service does not declare`);
    return found.port;
  };
  if (!healthcheck) {
    const ingress = ports.find((p) => p.ingress);
    return { probe: ingress ? { type: 'tcp', port: ingress.port } : { type: 'running' }, timing };
  }
  if (healthcheck.type === 'command') return { probe: { type: 'docker' }, timing };
  if (healthcheck.type === 'tcp') return { probe: { type: 'tcp', port: portNumber(healthcheck.port) }, timing };
  return { probe: { type: 'http', port: portNumber(healthcheck.port), path: healthcheck.path ?? '/', expectStatus: healthcheck.expectStatus }, timing };
}

export function probeTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function probeHttp(host: string, port: number, path: string, expectStatus: number | undefined, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(expectStatus !== undefined ? status === expectStatus : status >= 200 && status < 400);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}
