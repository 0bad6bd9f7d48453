#!/usr/bin/env node
// Benchmark: time to deploy N independent busybox http services through the agent (deploy request →
// status running, health probes included) against starting the same containers with the docker CLI in
// parallel (network create + N × `docker run -d --init`, no readiness wait). Prints figures and the ratio.
// Usage: npx tsc -b agent && node agent/bench/deploy-n-services.mjs [N ...]   (default: 5 20)
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startAgent } from '../dist/src/index.js';
import { ProtocolHarness } from '../dist/test/support/protocol-harness.js';
import { httpService, plan } from '../dist/test/support/plans.js';
import { removeNodeObjects } from '../dist/test/support/docker-fixtures.js';

const run = promisify(execFile);
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const BUSYBOX = 'nullops-local/busybox:latest';
const silent = { info() {}, warn() {}, error: (m) => console.error(m) };

async function throughAgent(n) {
  const dataDir = mkdtempSync(join(tmpdir(), 'nullops-bench-'));
  const token = randomBytes(16).toString('hex');
  const nodeId = `bench-${randomBytes(3).toString('hex')}`;
  const agent = await startAgent({ dataDir, token, port: 0, host: '127.0.0.1', logger: silent, heartbeatSeconds: 3600 });
  try {
    const cp = await ProtocolHarness.connect({ port: agent.port, token, thumbprint: agent.thumbprint });
    await cp.sync(nodeId);
    const deploymentId = `bench-${n}-${randomBytes(3).toString('hex')}`;
    const steps = Array.from({ length: n }, (_, i) => httpService(`web${i}`, [], `svc${i}`));
    const started = process.hrtime.bigint();
    await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(deploymentId, steps) });
    const status = await cp.waitForStatus(deploymentId, ['running', 'failed'], 300_000);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (status.status !== 'running') throw new Error(`deployment failed: ${JSON.stringify(status.error)}`);
    await cp.close();
    return seconds;
  } finally {
    await agent.stop();
    await removeNodeObjects(nodeId);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function throughDockerCli(n) {
  const network = `nullops-bench-cli-${randomBytes(3).toString('hex')}`;
  const names = Array.from({ length: n }, (_, i) => `${network}-web${i}`);
  const started = process.hrtime.bigint();
  await run('docker', ['network', 'create', network]);
  await Promise.all(
    names.map((name, i) =>
      run('docker', ['run', '-d', '--init', '--name', name, '--network', network, '--network-alias', `web${i}`, '--memory', '32m', '--cpus', '0.25', '-p', '127.0.0.1::8080', BUSYBOX, 'sh', '-c', `mkdir -p /www && echo svc${i} > /www/index.html && exec httpd -f -p 8080 -h /www`]),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await run('docker', ['rm', '-f', ...names]);
  await run('docker', ['network', 'rm', network]);
  return seconds;
}

console.log('N     agent (s)   docker CLI parallel (s)   ratio agent/CLI');
for (const n of sizes.length ? sizes : [5, 20]) {
  const cli = await throughDockerCli(n);
  const agent = await throughAgent(n);
  console.log(`${String(n).padEnd(5)} ${agent.toFixed(2).padStart(9)}   ${cli.toFixed(2).padStart(23)}   ${(agent / cli).toFixed(2).padStart(17)}`);
}
