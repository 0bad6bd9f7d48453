// The agent image: built from agent/Dockerfile, run the documented way (host network, NET_ADMIN, Docker
// socket, data volume), it prints its thumbprint, accepts the control plane with its token, deploys
// through the host's Docker engine and installs its isolation firewall from inside the container. Its
// base here is the local node image with the host's iptables added (fixtures/iptables-base), standing
// in for node on Debian, where the Dockerfile installs iptables with apt.
import t from 'tap';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { docker, NODE, removeNodeObjects, repoRoot } from './support/docker-fixtures.js';
import { ProtocolHarness } from './support/protocol-harness.js';
import { httpService, plan, uniqueId } from './support/plans.js';

const run = promisify(execFile);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

t.test('the agent image runs as documented and accepts its control plane', async (t) => {
  const context = mkdtempSync(join(tmpdir(), 'nullops-agent-image-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'nullops-agent-image-data-'));
  t.teardown(() => rmSync(context, { recursive: true, force: true }));
  t.teardown(() => run('rm', ['-rf', dataDir]));
  await run(process.execPath, [join(repoRoot, 'agent', 'scripts', 'make-image-context.mjs'), context]);
  const baseContext = join(context, 'iptables-base');
  await run('bash', [join(repoRoot, 'agent', 'test', 'fixtures', 'iptables-base', 'make-context.sh'), baseContext]);
  const base = 'nullops-test/node-iptables:test';
  // The classic builder uses a local base image as it is; BuildKit may try to resolve it on Docker Hub.
  const classic = { env: { ...process.env, DOCKER_BUILDKIT: '0' }, maxBuffer: 16 * 1024 * 1024 };
  await run('docker', ['build', '-q', '--build-arg', `BASE_IMAGE=${NODE}`, '-t', base, baseContext], classic);
  rmSync(baseContext, { recursive: true, force: true });
  const tag = 'nullops-test/agent:test';
  await run('docker', ['build', '-q', '--build-arg', `BASE_IMAGE=${base}`, '-t', tag, context], classic);

  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const name = uniqueId('nullops-agent');
  await run('docker', ['run', '-d', '--name', name, '--network', 'host', '--cap-add', 'NET_ADMIN', '-e', `AGENT_TOKEN=${token}`, '-e', `AGENT_PORT=${port}`, '-e', 'AGENT_HEARTBEAT_SECONDS=1', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', `${dataDir}:/data`, tag]);
  t.teardown(() => docker.getContainer(name).remove({ force: true }).catch(() => undefined));

  let logs = '';
  const deadline = Date.now() + 30_000;
  while (!/thumbprint \(SHA-256\): [0-9A-F:]+/.test(logs) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    logs = (await run('docker', ['logs', name])).stdout;
  }
  const thumbprint = /thumbprint \(SHA-256\): ([0-9A-F:]+)/.exec(logs)?.[1];
  t.ok(thumbprint, 'the container prints its certificate thumbprint at start-up');

  const refused = await ProtocolHarness.tryConnect({ port, token: 'wrong' });
  t.same(refused, { refused: 401 }, 'a wrong token is refused');
  const cp = await ProtocolHarness.connect({ port, token, thumbprint });
  t.teardown(() => cp.close());
  t.equal(cp.hello.runtime, 'docker', 'hello says docker');
  const nodeId = uniqueId('node');
  t.teardown(() => removeNodeObjects(nodeId));
  await cp.sync(nodeId);
  const deploymentId = uniqueId('image');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(deploymentId, [httpService('web', [], 'from-the-image')]) });
  const status = await cp.waitForStatus(deploymentId, ['running', 'failed'], 60_000);
  t.equal(status.status, 'running', `the containerised agent deploys through the host engine (${JSON.stringify(status.error ?? {})})`);
  t.equal(cp.hello.firewall?.status, 'active', 'hello reports the isolation firewall active');
  const rules = (await run('iptables', ['-w', '-S', 'DOCKER-USER'])).stdout;
  t.ok(rules.includes(`nullops:${nodeId}:${deploymentId}`), 'the agent in the container installed the DOCKER-USER rule of the deployment');
  const body = await (await fetch(`http://127.0.0.1:${status.services[0].publishedPort}/`)).text();
  t.equal(body.trim(), 'from-the-image', 'its service answers on the published port');
  await cp.request('destroy', { seq: cp.nextSeq(), deploymentId, generation: 2, reason: 'deleted', gracefulStopSeconds: 1, masks: [], rollbacks: [] });
  await cp.waitForStatus(deploymentId, ['deleted'], 30_000);
  const after = (await run('iptables', ['-w', '-S', 'DOCKER-USER'])).stdout;
  t.notOk(after.includes(`nullops:${nodeId}:${deploymentId}`), 'and removed it with the deployment');
});
