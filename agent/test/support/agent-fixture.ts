// Starts agents for tests — in this process (startAgent) or as a child process (for kill -9) — each
// with its own data dir, token and node id, and tears everything down after the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startAgent, type AgentOptions, type RunningAgent } from '../../src/index.js';
import { ProtocolHarness } from './protocol-harness.js';
import { removeNodeObjects, repoRoot } from './docker-fixtures.js';
import { uniqueId } from './plans.js';

export interface Teardownable {
  teardown(fn: () => unknown): void;
}

export interface TestAgent {
  agent: RunningAgent;
  dataDir: string;
  token: string;
  nodeId: string;
  port: number;
  connect(token?: string): Promise<ProtocolHarness>;
  /** Connects and sends the first sync (the agent learns its node id). */
  connectAndSync(): Promise<ProtocolHarness>;
}

const quietLogger = {
  info: () => undefined,
  warn: (m: string) => process.env.NULLOPS_AGENT_TEST_LOG && process.stderr.write(`[agent] warning: ${m}\n`),
  error: (m: string) => process.stderr.write(`[agent] error: ${m}\n`),
};

export function makeDataDir(t: Teardownable): string {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-agent-data-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A started agent with a fresh data directory and token, and the node id its sync will name. With
 * `nodeIdFromStart` the agent is told that id at start (AgentOptions.nodeId), before any sync.
 */
export async function startTestAgent(t: Teardownable, options: Partial<AgentOptions> & { nodeIdFromStart?: boolean } = {}): Promise<TestAgent> {
  const { nodeIdFromStart, ...agentOptions } = options;
  const dataDir = options.dataDir ?? makeDataDir(t);
  const token = options.token ?? randomBytes(16).toString('hex');
  const nodeId = uniqueId('node');
  const agent = await startAgent({ port: 0, host: '127.0.0.1', heartbeatSeconds: 1, cleanupSeconds: 3600, pluginKillAfterSeconds: 2, logger: quietLogger, ...agentOptions, ...(nodeIdFromStart ? { nodeId } : {}), dataDir, token });
  t.teardown(async () => {
    await agent.stop();
    await removeNodeObjects(nodeId);
  });
  const connect = async (withToken = token) => {
    const harness = await ProtocolHarness.connect({ port: agent.port, token: withToken, thumbprint: agent.thumbprint });
    t.teardown(() => harness.close());
    return harness;
  };
  return {
    agent,
    dataDir,
    token,
    nodeId,
    port: agent.port,
    connect,
    connectAndSync: async () => {
      const harness = await connect();
      await harness.sync(nodeId);
      return harness;
    },
  };
}

export interface AgentProcess {
  child: ChildProcess;
  port: number;
  thumbprint: string;
  output: () => string;
}

/** Runs `nullops-agent` (the compiled CLI) as a child process and waits for its thumbprint line. */
export async function spawnAgentProcess(t: Teardownable, dataDir: string, env: Record<string, string>): Promise<AgentProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'agent', 'dist', 'src', 'main.js'), '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--heartbeat', '1'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const started = await new Promise<{ port: number; thumbprint: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not start within 60 s: ${text}`)), 60_000);
    const check = () => {
      const port = /listening on wss:\/\/[^:]+:(\d+)/.exec(text)?.[1];
      const thumbprint = /thumbprint \(SHA-256\): ([0-9A-F:]+)/.exec(text)?.[1];
      if (port && thumbprint) {
        clearTimeout(timer);
        resolve({ port: Number(port), thumbprint });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${text}`)));
  });
  return { child, ...started, output: () => text };
}
