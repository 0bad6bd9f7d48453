// End to end with a real agent: a killed agent turns node and deployment offline after the grace period
// and, restarted, brings them back running with nothing duplicated; a regenerated agent certificate
// makes the node untrusted until an admin approves it; rotating the token cuts the old one off while the
// node stays online; revoking makes the agent refuse everyone; a control-plane restart loses nothing.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { docker, pipelineOf, pushPageImage, savePipeline, seedWebProject, startStack, viaIngress, waitFor, waitForStatus } from './support/stack.js';

const stack = await startStack({ nodeOfflineGraceSeconds: 2 });
t.teardown(() => stack.close());
const { api, admin } = stack;
const repository = `nodes-${randomBytes(4).toString('hex')}/page`;
await pushPageImage(repository, 'v1', 'node page v1');
const { project } = await seedWebProject(stack, { cpu: 0.4, repository });
const suffix = project.name.replace('shop-', '');
const node = () => api('GET', `/nodes/${stack.node.id}`, undefined, admin).then((r) => r.body);

const created = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'keep', versions: { [`web-${suffix}`]: 'v1' } }, admin);
const deployment = await waitForStatus(stack, created.body.id, 'running');
const host = `web.keep.${stack.environment.name}.test`;
const containerIds = async () => (await docker.listContainers({ filters: JSON.stringify({ label: [`dev.nullops.deployment=${deployment.id}`], status: ['running'] }) })).map((c) => c.Id).sort();
const runningBefore = await containerIds();

/** Opens the agent's WebSocket with `token`; resolves with the HTTP status of the upgrade (101 = accepted). */
function tryToken(token: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`wss://127.0.0.1:${stack.agent.port}/agent/v1`, { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false });
    socket.on('upgrade', () => {
      resolve(101);
      socket.terminate();
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', () => resolve(0));
  });
}

t.test('a killed agent makes node and deployment offline; restarted, they are running again with nothing duplicated', async (t) => {
  t.equal(runningBefore.length, 2);
  await stack.stopAgent();
  await waitFor(async () => (await node()).status === 'offline', 'the node is offline after the grace period', 20_000);
  await waitForStatus(stack, deployment.id, 'offline', 10_000);
  await waitFor(async () => (await viaIngress(stack.ingressPort, host)).status === 503, 'the ingress answers 503 for an offline node', 10_000);
  t.pass('node, deployment and route are offline');

  await stack.restartAgent();
  await waitFor(async () => (await node()).status === 'online', 'the node is back online', 30_000);
  t.same((await node()).firewall, { status: 'active' }, "the node shows its agent's isolation firewall, as the agent reported it");
  await waitForStatus(stack, deployment.id, 'running', 30_000);
  t.same(await containerIds(), runningBefore, 'the same containers kept running: nothing duplicated or restarted');
  await waitFor(async () => (await viaIngress(stack.ingressPort, host)).status === 200, 'the page answers again', 15_000);
  t.pass('routed again');
});

t.test('a control-plane restart loses nothing: a deployment in progress finishes and is picked up', async (t) => {
  await savePipeline(stack, project.id, pipelineOf(suffix, ['sh', '-c', 'echo slow migration; sleep 4; echo done']));
  const started = await api('POST', '/deployments', { projectId: project.id, environmentId: stack.environment.id, name: 'across-restart', versions: { [`web-${suffix}`]: 'v1' } }, admin);
  t.equal(started.status, 201, JSON.stringify(started.body));
  await waitForStatus(stack, started.body.id, 'deploying');
  await stack.restartControlPlane();
  const finished = await waitForStatus(stack, started.body.id, 'running', 60_000);
  t.equal(finished.generation, started.body.generation, 'the same run, not a new one');
  const events = (await api('GET', `/deployments/${started.body.id}/events?limit=500`, undefined, admin)).body.items;
  t.ok(events.some((e: any) => e.stepId === 'web' && e.phase === 'health' && e.status === 'succeeded'), 'progress made while the control plane was away was delivered afterwards');
  t.equal((await node()).status, 'online');
  await api('DELETE', `/deployments/${started.body.id}`, undefined, admin);
  await waitForStatus(stack, started.body.id, 'deleted');
});

t.test('rotating the token cuts the old one off while the node stays online', async (t) => {
  const oldToken = stack.agentToken;
  const rotated = await api('POST', `/nodes/${stack.node.id}/rotate-token`, undefined, admin);
  t.equal(rotated.status, 200);
  t.not(rotated.body.token, oldToken);
  await waitFor(async () => (await node()).status === 'online', 'the node is online with the new token', 20_000);
  t.equal(await tryToken(oldToken), 401, 'the old token is refused');
  t.equal(await tryToken(rotated.body.token), 101, 'the new one is accepted');
  await waitFor(async () => (await node()).status === 'online', 'the node reconnects after our probe took its place', 20_000);
  stack.agentToken = rotated.body.token;
  t.equal((await api('GET', `/deployments/${deployment.id}`, undefined, admin)).body.status, 'running', 'the deployment is untouched');
});

t.test('a regenerated agent certificate makes the node untrusted until an admin approves it', async (t) => {
  await stack.stopAgent();
  rmSync(join(stack.agentDir, 'tls'), { recursive: true, force: true });
  await stack.restartAgent();
  let seen: any;
  await waitFor(async () => (seen = await node()).status === 'untrusted', `the node is untrusted (last seen ${JSON.stringify(seen)})`, 30_000).catch((error) => {
    throw new Error(`${error.message}; node: ${JSON.stringify(seen)}`);
  });
  const untrusted = await node();
  t.ok(untrusted.pendingThumbprint, 'the new thumbprint waits for approval');
  t.not(untrusted.pendingThumbprint, untrusted.thumbprint);
  const wrong = await api('POST', `/nodes/${stack.node.id}/approve-thumbprint`, { thumbprint: 'ab'.repeat(32) }, admin);
  t.equal(wrong.status, 409, 'a thumbprint other than the one presented is refused');
  const approved = await api('POST', `/nodes/${stack.node.id}/approve-thumbprint`, { thumbprint: untrusted.pendingThumbprint }, admin);
  t.equal(approved.status, 200);
  await waitFor(async () => (await node()).status === 'online', 'the node is online after approval', 30_000);
  t.equal((await node()).thumbprint, untrusted.pendingThumbprint, 'the new certificate is pinned');
});

t.test('revoking makes the agent refuse every token', async (t) => {
  const revoked = await api('POST', `/nodes/${stack.node.id}/revoke`, undefined, admin);
  t.equal(revoked.status, 200);
  t.equal(revoked.body.status, 'revoked');
  t.equal(await tryToken(stack.agentToken), 401, 'its token is refused now');
  const deleteRefused = await api('DELETE', `/nodes/${stack.node.id}`, undefined, admin);
  t.equal(deleteRefused.status, 409, 'a node with deployments is not deleted');
  t.equal(deleteRefused.body.error.code, 'NODE_NOT_EMPTY');
});
