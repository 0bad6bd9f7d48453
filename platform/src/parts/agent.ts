// The local agent beside `nullops up`: an agent in this process on AGENT_PORT (default 5000), its token
// generated and kept in the data directory, registered as node `local` of environment `local` (base
// domain `localhost`, the ingress port), so a deployment can be created in the first minute.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { startAgent } from '@nullops/agent';
import { registerLocalNode } from '@nullops/core';
import type { PlatformPart } from '../start.js';

export const LOCAL_ENVIRONMENT = 'local';
export const LOCAL_NODE = 'local';

/** Whether a Docker engine answers on its socket. */
export function dockerAnswers(socketPath = '/var/run/docker.sock'): Promise<boolean> {
  return new Promise((resolvePing) => {
    const ping = request({ socketPath, path: '/_ping', timeout: 3000 }, (response) => {
      response.resume();
      resolvePing(response.statusCode === 200);
    });
    ping.on('error', () => resolvePing(false));
    ping.on('timeout', () => ping.destroy());
    ping.end();
  });
}

export const localAgent: PlatformPart = {
  name: 'the local agent',
  async start({ controlPlane, say, facts }) {
    if (process.env.NULLOPS_LOCAL_AGENT === 'off') return { lines: ['Agent      not started (NULLOPS_LOCAL_AGENT=off)'], stop: async () => {} };
    if (!(await dockerAnswers())) {
      say('no Docker engine answers on /var/run/docker.sock: deployments cannot run on this machine. Start Docker (e.g. `sudo systemctl start docker`) and run `npm start` again.');
      return { lines: ['Agent      not started: no Docker engine (start Docker, then npm start again)'], stop: async () => {} };
    }
    const config = controlPlane.config;
    const dataDir = resolve(config.dataDir);
    const tokenFile = join(dataDir, 'agent.token');
    if (!existsSync(tokenFile)) writeFileSync(tokenFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    const token = readFileSync(tokenFile, 'utf8').trim();

    const quiet = { info: () => {}, warn: (m: string) => say(`agent: ${m}`), error: (m: string) => say(`agent: ${m}`) };
    const agent = await startAgent({ dataDir: join(dataDir, 'agent'), port: Number(process.env.AGENT_PORT ?? 5000), host: '127.0.0.1', token, publishAddress: process.env.AGENT_PUBLISH_ADDRESS ?? '127.0.0.1', logger: quiet });
    const ingressPort = facts.ingressPort ?? config.ingressPort;
    try {
      // Our own agent: its certificate and token are trusted as they are now, whatever they were before.
      await registerLocalNode(controlPlane.app, { environment: LOCAL_ENVIRONMENT, node: LOCAL_NODE, baseDomain: 'localhost', ingressPort, host: '127.0.0.1', port: agent.port, thumbprint: agent.thumbprint, token });
    } catch (error) {
      await agent.stop();
      throw error;
    }
    return {
      lines: [`Agent      wss://127.0.0.1:${agent.port}/agent/v1 (node "${LOCAL_NODE}" of environment "${LOCAL_ENVIRONMENT}", URLs http://<service>.<deployment>.local.localhost:${ingressPort}/)`],
      stop: () => agent.stop(),
    };
  },
};
