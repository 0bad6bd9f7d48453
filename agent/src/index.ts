// @nullops/agent — the node agent as a library: `startAgent(options)` runs one in this process (as the
// control plane's `nullops up` does for its local agent) and returns its port, thumbprint and stop().
import { hostname } from 'node:os';
import { Agent, AGENT_VERSION } from './agent.js';
import { consoleLogger, type AgentLogger } from './observability/logger.js';

export interface AgentOptions {
  /** Where the certificate, token hash and state file live. */
  dataDir: string;
  /** Port of wss://…/agent/v1; default 5000, 0 picks a free one. */
  port?: number;
  /** Address to listen on; default 0.0.0.0. */
  host?: string;
  /** The token to adopt (AGENT_TOKEN): adopted when none is persisted or when it changed since last adopted. */
  token?: string;
  /** Where ingress ports are published; default 127.0.0.1. */
  publishAddress?: string;
  /** Node id to label objects with before the first sync tells it (normally left out). */
  nodeId?: string;
  /** Free-form labels reported in `hello`. */
  labels?: Record<string, string>;
  heartbeatSeconds?: number;
  /** How often orphan cleanup runs; default 60 s. */
  cleanupSeconds?: number;
  /** Grace between SIGTERM and SIGKILL for a plugin past its timeout; default 10 s. */
  pluginKillAfterSeconds?: number;
  dockerSocket?: string;
  /**
   * Run deployments that publish ports even when the isolation firewall cannot be installed (insecure;
   * logged loudly and shown on the node). Default: whether AGENT_INSECURE_NO_FIREWALL is "1".
   */
  insecureNoFirewall?: boolean;
  logger?: AgentLogger;
}

export interface RunningAgent {
  port: number;
  thumbprint: string;
  stop(): Promise<void>;
  /** Runs orphan cleanup now (it also runs every cleanupSeconds); returns how many objects it removed. */
  cleanup(): Promise<number>;
}

export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const agent = new Agent({
    dataDir: options.dataDir,
    host: options.host ?? '0.0.0.0',
    port: options.port ?? 5000,
    token: options.token,
    publishAddress: options.publishAddress ?? '127.0.0.1',
    nodeId: options.nodeId,
    labels: options.labels ?? { hostname: hostname() },
    heartbeatSeconds: options.heartbeatSeconds ?? 15,
    cleanupSeconds: options.cleanupSeconds ?? 60,
    pluginKillAfterSeconds: options.pluginKillAfterSeconds ?? 10,
    dockerSocket: options.dockerSocket,
    insecureNoFirewall: options.insecureNoFirewall ?? process.env.AGENT_INSECURE_NO_FIREWALL === '1',
    log: options.logger ?? consoleLogger(),
  });
  await agent.start();
  return { port: agent.port, thumbprint: agent.tls.thumbprint, stop: () => agent.stop(), cleanup: () => agent.cleanup() };
}

export { AGENT_VERSION };
export type { AgentLogger };
