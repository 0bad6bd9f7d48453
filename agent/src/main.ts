#!/usr/bin/env node
// `nullops-agent`: the agent as a process. Reads flags and environment variables, starts the agent,
// prints the certificate thumbprint the control plane pins, and stops cleanly on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { startAgent, AGENT_VERSION } from './index.js';
import { consoleLogger } from './observability/logger.js';

const HELP = `nullops-agent ${AGENT_VERSION} — runs NullOps deployments on this Docker host

Usage: nullops-agent [options]

Options (each also an environment variable):
  --port <n>              AGENT_PORT              port of wss://<host>:<port>/agent/v1 (default 5000)
  --host <address>        AGENT_HOST              address to listen on (default 0.0.0.0)
  --data-dir <path>       AGENT_DATA_DIR          certificate, token hash and state (default /data)
  --token <token>         AGENT_TOKEN             token the control plane presents (adopted once; see docs/agent.md)
  --publish-address <ip>  AGENT_PUBLISH_ADDRESS   where ingress ports are published (default 127.0.0.1)
  --heartbeat <seconds>   AGENT_HEARTBEAT_SECONDS heartbeat interval (default 15)
  --cleanup <seconds>     AGENT_CLEANUP_SECONDS   orphan cleanup interval (default 60)
  --docker-socket <path>  DOCKER_SOCKET           Docker engine socket (default /var/run/docker.sock)
  --label key=value       AGENT_LABELS            labels reported to the control plane (env: comma-separated)
  --insecure-no-firewall  AGENT_INSECURE_NO_FIREWALL=1  run deployments that publish ports even without the
                                                  isolation firewall (iptables); insecure, shown on the node
  --quiet                                         only warnings and errors
  --version, --help
`;

function fail(message: string): never {
  process.stderr.write(`nullops-agent: ${message}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'publish-address': { type: 'string' },
        heartbeat: { type: 'string' },
        cleanup: { type: 'string' },
        'docker-socket': { type: 'string' },
        label: { type: 'string', multiple: true },
        'insecure-no-firewall': { type: 'boolean' },
        quiet: { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
})();

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values.version) {
  process.stdout.write(`${AGENT_VERSION}\n`);
  process.exit(0);
}

const env = process.env;
const number = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) fail(`${name} must be a non-negative number, got "${text}"`);
  return value;
};
const labels = Object.fromEntries(
  [...(env.AGENT_LABELS ? env.AGENT_LABELS.split(',') : []), ...(values.label ?? [])]
    .filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
);

const log = consoleLogger(values.quiet);
try {
  const agent = await startAgent({
    port: number('--port/AGENT_PORT', values.port ?? env.AGENT_PORT, 5000),
    host: values.host ?? env.AGENT_HOST ?? '0.0.0.0',
    dataDir: values['data-dir'] ?? env.AGENT_DATA_DIR ?? '/data',
    token: values.token ?? env.AGENT_TOKEN,
    publishAddress: values['publish-address'] ?? env.AGENT_PUBLISH_ADDRESS ?? '127.0.0.1',
    heartbeatSeconds: number('--heartbeat/AGENT_HEARTBEAT_SECONDS', values.heartbeat ?? env.AGENT_HEARTBEAT_SECONDS, 15),
    cleanupSeconds: number('--cleanup/AGENT_CLEANUP_SECONDS', values.cleanup ?? env.AGENT_CLEANUP_SECONDS, 60),
    dockerSocket: values['docker-socket'] ?? env.DOCKER_SOCKET,
    insecureNoFirewall: values['insecure-no-firewall'] ?? env.AGENT_INSECURE_NO_FIREWALL === '1',
    ...(Object.keys(labels).length ? { labels } : {}),
    logger: log,
  });
  process.stdout.write(`nullops-agent ${AGENT_VERSION} listening on wss://0.0.0.0:${agent.port}/agent/v1\n`);
  process.stdout.write(`certificate thumbprint (SHA-256): ${agent.thumbprint}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping (containers keep running)`);
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  fail((error as Error).message);
}
