// Image pulls: a service image missing on the node is pulled from a private registry with the plan's
// credentials; wrong credentials fail the deployment with IMAGE_PULL_FAILED and leave nothing behind.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { SECURED_REGISTRY, SECURED_REGISTRY_CREDENTIALS } from '@nullops/core/testing';
import { startTestAgent } from './support/agent-fixture.js';
import { BUSYBOX, docker, objectsOfDeployment } from './support/docker-fixtures.js';
import { httpService, plan, uniqueId } from './support/plans.js';

async function pushToSecuredRegistry(reference: string): Promise<void> {
  const [repo, tag] = reference.split(/:(?=[^:/]+$)/);
  await docker.getImage(BUSYBOX).tag({ repo, tag });
  const stream = (await docker.getImage(reference).push({ authconfig: { ...SECURED_REGISTRY_CREDENTIALS, serveraddress: SECURED_REGISTRY } } as never)) as unknown as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null, out: { error?: string }[]) => (error || out.find((o) => o.error) ? reject(error ?? new Error(out.find((o) => o.error)!.error)) : resolve())));
  await docker.getImage(reference).remove();
}

t.test('a private image is pulled with the plan credentials; wrong ones fail cleanly', async (t) => {
  const reference = `${SECURED_REGISTRY}/nullops-agent-test/web:${randomBytes(4).toString('hex')}`;
  await pushToSecuredRegistry(reference);
  t.teardown(() => docker.getImage(reference).remove({ force: true }).catch(() => undefined));
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();

  const wrong = uniqueId('pull-wrong');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(wrong, [httpService('web', [], 'x', { image: reference, pullAuth: { username: 'nullops-test', password: 'not-the-password' } })]) });
  const failed = await cp.waitForStatus(wrong, ['failed', 'running'], 60_000);
  t.equal(failed.error?.code, 'IMAGE_PULL_FAILED', 'wrong credentials fail the pull');
  t.same(await objectsOfDeployment(wrong), { containers: [], networks: [], volumes: [] }, 'and leave nothing behind');

  const right = uniqueId('pull-right');
  await cp.request('deploy', { seq: cp.nextSeq(), plan: plan(right, [httpService('web', [], 'pulled', { image: reference, pullAuth: { ...SECURED_REGISTRY_CREDENTIALS } })]) });
  const running = await cp.waitForStatus(right, ['failed', 'running'], 60_000);
  t.equal(running.status, 'running', `the private image is pulled and runs (${JSON.stringify(running.error ?? {})})`);
  t.ok(cp.events('progress', right).some((p) => p.phase === 'pull' && p.status === 'succeeded' && p.message === 'pulled'), 'progress reports the pull');
});
