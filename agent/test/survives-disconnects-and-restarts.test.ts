// A control-plane disconnect changes nothing (the pipeline finishes, events wait in the outbox); an
// agent killed with SIGKILL mid-pipeline rolls that deployment back on restart and reports
// AGENT_RESTARTED with the plugin steps still to undo.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { makeDataDir, startTestAgent, spawnAgentProcess } from './support/agent-fixture.js';
import { buildShellPlugin, objectsOfDeployment, removeNodeObjects } from './support/docker-fixtures.js';
import { httpService, plan, shellStep, uniqueId, SHELL_MANIFEST } from './support/plans.js';
import { ProtocolHarness } from './support/protocol-harness.js';

t.test('a pipeline finishes while the control plane is away and is reported running on reconnect', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const first = await node.connectAndSync();
  const deploymentId = uniqueId('away');
  await first.request('deploy', { seq: first.nextSeq(), plan: plan(deploymentId, [httpService('web', [], 'hi'), shellStep('slow', ['web'], image, { mode: 'slowok' }), httpService('last', ['slow'], 'last')]) });
  await first.waitFor((f) => f.type === 'log' && (f.payload as { line: string }).line === 'working slowly', 30_000);
  await first.close();
  t.notOk(first.events('status', deploymentId).some((s) => s.status === 'running'), 'the deployment was not running yet when the control plane left');

  await new Promise((r) => setTimeout(r, 7000));
  const second = await node.connect();
  t.same(second.hello.deployments.find((d) => d.id === deploymentId), { id: deploymentId, generation: 1, status: 'running' }, 'hello reports the deployment running');
  const running = await second.waitForStatus(deploymentId, ['running'], 5000);
  t.equal(running.services.length, 2, 'the status event from the outbox lists both services');
  const progressed = second.events('progress', deploymentId);
  t.ok(progressed.some((p) => p.stepId === 'last' && p.phase === 'health' && p.status === 'succeeded'), 'progress events of the absence are delivered after hello');
  const seqs = second.frames.filter((f) => f.eventSeq).map((f) => f.eventSeq!);
  t.same(seqs, [...seqs].sort((a, b) => a - b), 'events arrive in eventSeq order');
  t.equal(second.frames[0].type, 'hello', 'hello is the first frame');
});

t.test('kill -9 mid-pipeline: on restart the deployment is rolled back and reported AGENT_RESTARTED', async (t) => {
  const image = await buildShellPlugin();
  const dataDir = makeDataDir(t);
  const token = randomBytes(16).toString('hex');
  const nodeId = uniqueId('node');
  t.teardown(() => removeNodeObjects(nodeId));
  const deploymentId = uniqueId('killed');

  const first = await spawnAgentProcess(t, dataDir, { AGENT_TOKEN: token });
  const cp = await ProtocolHarness.connect({ port: first.port, token, thumbprint: first.thumbprint });
  await cp.sync(nodeId);
  await cp.request('deploy', {
    seq: cp.nextSeq(),
    plan: plan(deploymentId, [httpService('web', [], 'hi'), shellStep('first', ['web'], image, { mode: 'ok' }), shellStep('slow', ['first'], image, { mode: 'sleep' })]),
  });
  await cp.waitFor((f) => f.type === 'log' && (f.payload as { line: string }).line === 'sleeping', 30_000);
  const before = await objectsOfDeployment(deploymentId);
  t.ok(before.containers.length >= 2 && before.networks.length === 1, 'the deployment had containers and a network when the agent died');
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  await cp.close();

  const second = await spawnAgentProcess(t, dataDir, { AGENT_TOKEN: token });
  t.equal(second.thumbprint, first.thumbprint, 'the restarted agent keeps its certificate');
  const again = await ProtocolHarness.connect({ port: second.port, token, thumbprint: first.thumbprint });
  t.teardown(() => again.close());
  t.same(again.hello.deployments.find((d) => d.id === deploymentId)?.status, 'failed', 'hello reports the deployment failed');
  const failed = await again.waitForStatus(deploymentId, ['failed'], 5000);
  t.equal(failed.error?.code, 'AGENT_RESTARTED', 'the failure says the agent restarted');
  t.same(failed.pendingRollbacks, ['first'], 'the completed plugin step with a rollback is pending');
  t.same(await objectsOfDeployment(deploymentId), { containers: [], networks: [], volumes: [] }, 'no container, network or volume of it is left');

  await again.sync(nodeId, [{ id: deploymentId, generation: 2, desired: 'running', masks: [] }]);
  await again.request('destroy', {
    seq: again.nextSeq(),
    deploymentId,
    generation: 2,
    reason: 'rollback',
    gracefulStopSeconds: 1,
    masks: [],
    rollbacks: [{ stepId: 'first', image, manifest: SHELL_MANIFEST, params: { mode: 'ok' }, outputs: { greeting: 'hello' } }],
  });
  await again.waitForStatus(deploymentId, ['deleted'], 30_000);
  t.ok(again.events('progress', deploymentId).some((p) => p.stepId === 'first' && p.phase === 'rollback' && p.status === 'succeeded'), 'the pending rollback runs when the control plane sends it');
  second.child.kill('SIGTERM');
});
