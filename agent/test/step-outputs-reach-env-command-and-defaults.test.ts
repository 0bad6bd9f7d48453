// A plugin's outputs feed the steps after it: a job's env, a service's env and command receive them
// (seen from inside the containers), a writeOnly output is masked in those steps' logs, a param left out
// reaches the plugin as its schema's default (nested too), and a reference with no value at run time
// fails its step with EXPRESSION_UNRESOLVED and rolls everything back.
import t from 'tap';
import { startTestAgent } from './support/agent-fixture.js';
import { buildShellPlugin, objectsOfDeployment } from './support/docker-fixtures.js';
import { httpService, plan, shellStep, uniqueId } from './support/plans.js';
import { BUSYBOX } from './support/docker-fixtures.js';
import type { PlanJobStep } from '@nullops/core/contracts';

// The shell plugin's schema with defaults: `mode` at the top, `level` inside an object that defaults to {}.
const DEFAULTED = {
  input: {
    type: 'object',
    properties: {
      mode: { enum: ['ok', 'fail'], default: 'ok' },
      options: { type: 'object', default: {}, properties: { level: { type: 'string', default: 'deep' } } },
    },
    required: ['mode'],
  },
};

const job = (id: string, needs: string[], env: Record<string, string>, script: string): PlanJobStep => ({
  id,
  kind: 'job',
  needs,
  image: BUSYBOX,
  env,
  command: ['sh', '-c', script],
  timeoutSeconds: 60,
  resources: { cpu: 0.25, memoryMb: 32 },
});

t.test('outputs reach job env, service env and command; defaults reach the plugin', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('outputs');
  const thePlan = plan(deploymentId, [
    shellStep('first', [], image, {}, DEFAULTED),
    job('migrate', ['first'], { GREETING: '${{ steps.first.outputs.greeting }}', TOKEN: 'token=${{ steps.first.outputs.token }}' }, 'echo "job sees $GREETING"; echo "job has $TOKEN"'),
    httpService('web', ['first', 'migrate'], 'unused', {
      env: { GREETING: '${{ steps.first.outputs.greeting }}', TOKEN: '${{ steps.first.outputs.token }}' },
      command: ['sh', '-c', 'echo "service has token $TOKEN"; mkdir -p /www && echo "$GREETING via env, ${{ steps.first.outputs.greeting }} via command" > /www/index.html && exec httpd -f -p 8080 -h /www'],
    }),
  ]);
  await cp.request('deploy', { seq: cp.nextSeq(), plan: thePlan });
  const status = await cp.waitForStatus(deploymentId, ['running', 'failed'], 90_000);
  t.equal(status.status, 'running', `the deployment runs (${JSON.stringify(status.error ?? {})})`);
  const token = status.outputs?.first?.token as string;
  t.match(token, /^tok-/, 'the plugin returned a writeOnly token');

  const logs = cp.events('log', deploymentId);
  const lines = (stepId: string) => logs.filter((l) => l.stepId === stepId).map((l) => l.line);
  t.ok(lines('first').includes('plugin run mode=ok level=deep'), `the plugin saw the defaults, top-level and nested (${lines('first').join(' | ')})`);
  t.ok(lines('migrate').includes('job sees hello'), `the job's env holds the output (${lines('migrate').join(' | ')})`);
  t.ok(lines('migrate').includes('job has token=***'), "the writeOnly output is masked in the job's log");
  t.notOk(logs.some((l) => l.line.includes(token)), 'the token never appears in any log line');

  const port = status.services.find((s) => s.stepId === 'web')?.publishedPort;
  const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  t.equal(body.trim(), 'hello via env, hello via command', "the service's env and command held the output");

  await cp.request('destroy', { seq: cp.nextSeq(), deploymentId, generation: 2, reason: 'deleted', gracefulStopSeconds: 1, masks: [], rollbacks: [] });
  await cp.waitForStatus(deploymentId, ['deleted'], 30_000);
  const archived = cp.events('log.archive', deploymentId).find((a) => a.stepId === 'web');
  t.ok(archived?.lines.includes('service has token ***'), `the service's log is masked too (${archived?.lines.join(' | ')})`);
  t.notOk(archived?.lines.some((l) => l.includes(token)), 'the archived service log never shows the token');
});

t.test('a reference with no value at run time fails its step and rolls back', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('unresolved');
  const thePlan = plan(deploymentId, [
    shellStep('first', [], image, { mode: 'ok' }),
    job('migrate', ['first'], { URL: '${{ steps.first.outputs.nothing }}' }, 'echo never'),
  ]);
  await cp.request('deploy', { seq: cp.nextSeq(), plan: thePlan });
  const status = await cp.waitForStatus(deploymentId, ['running', 'failed'], 90_000);
  t.equal(status.status, 'failed', 'the deployment fails');
  t.equal(status.error?.code, 'EXPRESSION_UNRESOLVED', 'with EXPRESSION_UNRESOLVED');
  t.equal(status.error?.stepId, 'migrate', 'naming the step');
  t.match(status.error?.message, /\/env\/URL cannot be resolved.*returned no output "nothing"/, 'and the field and the reason');
  const rollbacks = cp.events('progress', deploymentId).filter((p) => p.phase === 'rollback' && p.status === 'succeeded');
  t.same(rollbacks.map((p) => p.stepId), ['first'], 'the plugin step before it was rolled back');
  t.same(await objectsOfDeployment(deploymentId), { containers: [], networks: [], volumes: [] }, 'nothing of the deployment is left');
  t.notOk(cp.events('log', deploymentId).some((l) => l.stepId === 'migrate'), 'the job never ran');
});
