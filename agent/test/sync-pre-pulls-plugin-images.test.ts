// `sync` carries the plugin catalog: the agent pulls every plugin image by its pinned digest ahead of
// time (with the registry's credentials), so the first deployment using a plugin does not wait for it.
import t from 'tap';
import { randomBytes } from 'node:crypto';
import { BUSYBOX_IMAGE, SECURED_REGISTRY, SECURED_REGISTRY_CREDENTIALS } from '@nullops/core/testing';
import { startTestAgent } from './support/agent-fixture.js';
import { docker } from './support/docker-fixtures.js';

async function pushed(repository: string): Promise<string> {
  const reference = `${SECURED_REGISTRY}/${repository}:1.0.0`;
  await docker.getImage(BUSYBOX_IMAGE).tag({ repo: `${SECURED_REGISTRY}/${repository}`, tag: '1.0.0' });
  const stream = await docker.getImage(reference).push({ authconfig: { ...SECURED_REGISTRY_CREDENTIALS, serveraddress: SECURED_REGISTRY } });
  const output = await new Promise<{ aux?: { Digest?: string } }[]>((resolve, reject) => docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))));
  await docker.getImage(reference).remove();
  const digest = output.find((line) => line.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${reference} reported no digest`);
  return digest;
}

const present = (reference: string) => docker.getImage(reference).inspect().then(() => true, () => false);

t.test('plugin images named in a sync are pulled by digest, with the plan credentials', async (t) => {
  const repository = `prepull-${randomBytes(4).toString('hex')}/plugin`;
  const digest = await pushed(repository);
  const reference = `${SECURED_REGISTRY}/${repository}@${digest}`;
  t.teardown(() => docker.getImage(reference).remove({ force: true }).catch(() => undefined));
  t.notOk(await present(reference), 'the image is not on the node before the sync');

  const node = await startTestAgent(t);
  const cp = await node.connect();
  await cp.sync(node.nodeId, [], [{ name: 'acme/prepull', version: '1.0.0', image: `${SECURED_REGISTRY}/${repository}`, digest, pullAuth: { ...SECURED_REGISTRY_CREDENTIALS } }]);
  const deadline = Date.now() + 30_000;
  while (!(await present(reference)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  t.ok(await present(reference), 'after the sync the image is on the node, by its digest');
});
