// The isolation firewall is a security control, so it fails closed. An agent started where iptables
// cannot run (here: a PATH without it, as on a host or image that lacks the package) says so at start,
// reports it in `hello`, refuses deployments that publish ports with FIREWALL_UNAVAILABLE (leaving
// nothing behind) and still runs those that publish none. With AGENT_INSECURE_NO_FIREWALL=1 it runs
// them, after a loud warning, and reports the firewall as disabled.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PlanJobStep } from '@nullops/core/contracts';
import { makeDataDir, spawnAgentProcess, type Teardownable } from './support/agent-fixture.js';
import { BUSYBOX, objectsOfDeployment, removeNodeObjects } from './support/docker-fixtures.js';
import { httpService, plan, uniqueId } from './support/plans.js';
import { ProtocolHarness } from './support/protocol-harness.js';

const nothingLeft = { containers: [], networks: [], volumes: [] };

const echoJob: PlanJobStep = { id: 'hello', kind: 'job', needs: [], image: BUSYBOX, env: {}, command: ['echo', 'no ports here'], timeoutSeconds: 60, resources: { cpu: 0.25, memoryMb: 32 } };

/** An agent process whose PATH has no iptables, connected and synced. */
async function agentWithoutIptables(t: Teardownable, env: Record<string, string> = {}) {
  const emptyBin = mkdtempSync(join(tmpdir(), 'nullops-no-iptables-'));
  t.teardown(() => rmSync(emptyBin, { recursive: true, force: true }));
  const token = randomBytes(16).toString('hex');
  const nodeId = uniqueId('node');
  t.teardown(() => removeNodeObjects(nodeId));
  const agent = await spawnAgentProcess(t, makeDataDir(t), { AGENT_TOKEN: token, PATH: emptyBin, ...env });
  const cp = await ProtocolHarness.connect({ port: agent.port, token, thumbprint: agent.thumbprint });
  t.teardown(() => cp.close());
  await cp.sync(nodeId);
  return { agent, cp };
}

t.test('without iptables, deployments that publish ports are refused', async (t) => {
  const { agent, cp } = await agentWithoutIptables(t);
  t.match(agent.output(), /deployments that publish ports are refused \(FIREWALL_UNAVAILABLE\).*AGENT_INSECURE_NO_FIREWALL=1/, 'the agent says so when it starts, and how to opt out');
  t.equal(cp.hello.firewall?.status, 'unavailable', 'hello reports the firewall unavailable');

  const withPorts = uniqueId('ports');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(withPorts, [httpService('web', [], 'never')]) });
  const refused = await cp.waitForStatus(withPorts, ['running', 'failed'], 60_000);
  t.equal(refused.status, 'failed', 'a deployment with a published port fails');
  t.equal(refused.error?.code, 'FIREWALL_UNAVAILABLE', 'with FIREWALL_UNAVAILABLE');
  t.match(refused.error?.message, /cannot isolate deployments that publish ports/, 'and a message saying why');
  t.same(await objectsOfDeployment(withPorts), nothingLeft, 'nothing of it was created or left');

  const withoutPorts = uniqueId('noports');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(withoutPorts, [echoJob]) });
  const ran = await cp.waitForStatus(withoutPorts, ['running', 'failed'], 60_000);
  t.equal(ran.status, 'running', `a deployment that publishes no port still runs (${JSON.stringify(ran.error ?? {})})`);
});

t.test('AGENT_INSECURE_NO_FIREWALL=1 runs them, loudly, and says so in hello', async (t) => {
  const { agent, cp } = await agentWithoutIptables(t, { AGENT_INSECURE_NO_FIREWALL: '1' });
  t.match(agent.output(), /SECURITY: .*AGENT_INSECURE_NO_FIREWALL=1 is set, so deployments run WITHOUT the isolation firewall/, 'the agent warns loudly at start');
  t.equal(cp.hello.firewall?.status, 'disabled', 'hello reports the firewall disabled');
  const deploymentId = uniqueId('insecure');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(deploymentId, [httpService('web', [], 'unguarded')]) });
  const status = await cp.waitForStatus(deploymentId, ['running', 'failed'], 60_000);
  t.equal(status.status, 'running', `the deployment with a published port runs (${JSON.stringify(status.error ?? {})})`);
  const body = await (await fetch(`http://127.0.0.1:${status.services[0].publishedPort}/`)).text();
  t.equal(body.trim(), 'unguarded', 'and answers on its port');
});
