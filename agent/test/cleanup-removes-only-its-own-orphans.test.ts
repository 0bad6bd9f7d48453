// Orphan cleanup: a container of an unknown deployment, created behind the agent's back with this
// node's labels, is removed by the periodic cleanup — but only after the first sync; containers
// without our labels, or labelled for another node, are never touched. The agent knows its node id from
// the start and cleans every second, so only the wait for a sync keeps the orphan alive before it (the
// rule is decide()'s `synced` check in agent/src/deployments/decide.ts: without it the first claim fails).
import t from 'tap';
import { eventually } from '@nullops/core/testing';
import { startTestAgent } from './support/agent-fixture.js';
import { BUSYBOX, docker } from './support/docker-fixtures.js';
import { uniqueId } from './support/plans.js';

const exists = (id: string) =>
  docker
    .getContainer(id)
    .inspect()
    .then(() => true, () => false);

t.test('cleanup removes labelled orphans of its own node only, and only after a sync', async (t) => {
  const node = await startTestAgent(t, { cleanupSeconds: 1, nodeIdFromStart: true });
  const make = async (labels: Record<string, string>) => {
    const c = await docker.createContainer({ Image: BUSYBOX, Cmd: ['sleep', '300'], Labels: labels, HostConfig: { Init: true } });
    await c.start();
    t.teardown(() => c.remove({ force: true }).catch(() => undefined));
    return c.id;
  };
  const ghostLabels = { 'dev.nullops.node': node.nodeId, 'dev.nullops.deployment': uniqueId('ghost'), 'dev.nullops.generation': '1', 'dev.nullops.step': 'web' };
  const orphan = await make(ghostLabels);
  const network = await docker.createNetwork({ Name: uniqueId('ghost-net'), Labels: ghostLabels });
  t.teardown(() => network.remove().catch(() => undefined));
  const unlabelled = await make({});
  const otherNode = await make({ ...ghostLabels, 'dev.nullops.node': uniqueId('other-node') });

  const cp = await node.connect();
  // Three cleanup rounds pass (one a second) with the node id known: none may touch the orphan.
  await new Promise((r) => setTimeout(r, 3500));
  t.ok(await exists(orphan), 'before its first sync the agent removes nothing');

  await cp.sync(node.nodeId, []);
  await eventually('the orphan to be removed', async () => !(await exists(orphan)), { timeoutMs: 15_000, everyMs: 300 }).catch(() => undefined);
  t.notOk(await exists(orphan), 'the labelled orphan of this node is removed');
  await t.rejects(network.inspect(), 'its labelled network is removed too');
  t.ok(await exists(unlabelled), 'a container without our labels is untouched');
  t.ok(await exists(otherNode), "a container of another node's agent is untouched");
});
