// A failing plugin, a plugin printing garbage, a plugin past its timeout, params that reference a missing
// output or break the input schema, and a cancel mid-run each end
// with the deployment failed (or deleted, for the cancel) and no container, network or volume of it left;
// completed plugin steps are rolled back in reverse order.
import t from 'tap';
import { startTestAgent } from './support/agent-fixture.js';
import { buildShellPlugin, objectsOfDeployment } from './support/docker-fixtures.js';
import { httpService, plan, postgresService, shellStep, uniqueId } from './support/plans.js';

const nothingLeft = { containers: [], networks: [], volumes: [] };

t.test('failures roll the whole deployment back', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();

  const cases = [
    { name: 'fail', mode: 'fail', code: 'PLUGIN_FAILED', message: /told to fail/ },
    { name: 'garbage', mode: 'garbage', code: 'PLUGIN_BAD_OUTPUT', message: /outputs/ },
    { name: 'badschema', mode: 'badschema', code: 'PLUGIN_BAD_OUTPUT', message: /output schema/ },
    { name: 'sleep', mode: 'sleep', code: 'PLUGIN_TIMEOUT', message: /timeout of 2 s/, manifest: { timeoutSeconds: 2 } },
    { name: 'missing-output', mode: '${{ steps.first.outputs.nothing }}', code: 'EXPRESSION_UNRESOLVED', message: /\/params\/mode cannot be resolved.*returned no output "nothing"/ },
    { name: 'bad-param', mode: 'unheard-of', code: 'PLUGIN_BAD_PARAMS', message: /input schema: \/mode must be one of/ },
  ];
  await Promise.all(
    cases.map(async (c) => {
      const deploymentId = uniqueId(`fail-${c.name}`);
      // db (with a volume) and a first plugin succeed; the second plugin fails.
      const thePlan = plan(deploymentId, [
        postgresService('db', 'pw-not-used-here'),
        httpService('web', [], 'hi'),
        shellStep('first', [], image, { mode: 'ok' }),
        shellStep('second', ['first', 'web'], image, { mode: c.mode }, c.manifest ?? {}),
      ]);
      await cp.request('deploy', { seq: cp.nextSeq(), plan: thePlan });
      const status = await cp.waitForStatus(deploymentId, ['failed', 'running'], 90_000);
      t.equal(status.status, 'failed', `${c.name}: the deployment fails`);
      t.equal(status.error?.code, c.code, `${c.name}: error code ${c.code}`);
      t.equal(status.error?.stepId, 'second', `${c.name}: the error names the failing step`);
      t.match(status.error?.message, c.message, `${c.name}: the message says why`);
      const rollbacks = cp.events('progress', deploymentId).filter((p) => p.phase === 'rollback' && p.status === 'succeeded');
      t.same(rollbacks.map((p) => p.stepId), ['first'], `${c.name}: the completed plugin step was rolled back`);
      t.same(await objectsOfDeployment(deploymentId), nothingLeft, `${c.name}: no container, network or volume left`);
    }),
  );
});

t.test('a cancel mid-run stops the pipeline and removes everything', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('cancel');
  const thePlan = plan(deploymentId, [httpService('web', [], 'hi'), shellStep('slow', ['web'], image, { mode: 'sleep' }), httpService('after', ['slow'], 'never')]);
  await cp.request('deploy', { seq: cp.nextSeq(), plan: thePlan });
  await cp.waitFor((f) => f.type === 'log' && (f.payload as { deploymentId: string; line: string }).deploymentId === deploymentId && (f.payload as { line: string }).line === 'sleeping', 30_000);
  const started = Date.now();
  await cp.request('destroy', { seq: cp.nextSeq(), deploymentId, generation: 2, reason: 'cancelled', gracefulStopSeconds: 2, masks: [], rollbacks: [] });
  const status = await cp.waitForStatus(deploymentId, ['deleted', 'failed'], 30_000);
  t.equal(status.status, 'deleted', 'the cancelled deployment ends deleted');
  t.ok(Date.now() - started < 15_000, 'the cancel did not wait for the plugin to finish');
  t.notOk(cp.events('progress', deploymentId).some((p) => p.stepId === 'after'), 'the step after the cancelled one never started');
  t.same(await objectsOfDeployment(deploymentId), nothingLeft, 'no container, network or volume left');
});
