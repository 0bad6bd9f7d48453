// A database, a plugin that creates a database in it, and two http services that need the plugin:
// the plan deploys, the services answer on their published ports with their memory limits, the two
// independent services start in parallel, and destroy removes everything after archiving logs.
import t from 'tap';
import pg from 'pg';
import { startTestAgent } from './support/agent-fixture.js';
import { buildPgPlugin, docker, objectsOfDeployment } from './support/docker-fixtures.js';
import { httpService, PG_MANIFEST, plan, postgresService, uniqueId } from './support/plans.js';
import type { PayloadOf } from '@nullops/core/contracts';

t.test('a 4-step plan deploys, runs in parallel where it can, and is destroyed without leftovers', async (t) => {
  const pluginImage = await buildPgPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('four');
  const password = `pw-${uniqueId('secret')}`;
  const thePlan = plan(deploymentId, [
    postgresService('db', password),
    { id: 'createdb', kind: 'component', needs: ['db'], image: pluginImage, manifest: PG_MANIFEST, params: { host: 'db', database: 'shop', password } },
    httpService('web1', ['createdb'], 'hello-from-web1'),
    httpService('web2', ['createdb'], 'hello-from-web2'),
  ], { masks: [password] });

  t.same(await cp.request('deploy', { seq: cp.nextSeq(), plan: thePlan }), { accepted: true }, 'deploy is acknowledged at once');
  const running = await cp.waitForStatus(deploymentId, ['running', 'failed'], 120_000);
  t.equal(running.status, 'running', `deployment runs (${JSON.stringify(running.error ?? {})})`);
  t.same(running.services.map((s) => s.stepId).sort(), ['db', 'web1', 'web2'], 'status lists every service');
  t.ok(running.services.every((s) => s.health === 'healthy'), 'every service is healthy');
  t.equal(running.outputs?.createdb?.database, 'shop', 'plugin outputs are reported');

  for (const web of ['web1', 'web2']) {
    const port = running.services.find((s) => s.stepId === web)?.publishedPort;
    t.ok(port, `${web} has a published port`);
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    t.equal(body.trim(), `hello-from-${web}`, `${web} answers on 127.0.0.1:${port}`);
  }

  const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`dev.nullops.deployment=${deploymentId}`, 'dev.nullops.role=service'] }) });
  for (const c of containers) {
    const info = await docker.getContainer(c.Id).inspect();
    const step = info.Config.Labels['dev.nullops.step'];
    const expected = (step === 'db' ? 256 : 32) * 1024 * 1024;
    t.equal(info.HostConfig.Memory, expected, `${step} has its memory limit`);
    t.equal(info.HostConfig.Init, true, `${step} runs with Docker's init`);
    t.equal(info.Config.Labels['dev.nullops.node'], node.nodeId, `${step} carries the node label`);
    t.match(Object.values(info.NetworkSettings.Ports ?? {}).flat().filter(Boolean).map((b) => b!.HostIp), step === 'db' ? [] : ['127.0.0.1'], `${step} publishes on the publish address only`);
    if (step === 'db') {
      const address = Object.values(info.NetworkSettings.Networks)[0].IPAddress;
      const client = new pg.Client({ host: address, port: 5432, user: 'postgres', password, database: 'shop' });
      await client.connect();
      const rows = await client.query('SELECT item FROM orders');
      await client.end();
      t.equal(rows.rows[0]?.item, 'created by the plugin', 'the plugin created a database with a table in the service');
    }
  }

  const progress = cp.events('progress', deploymentId);
  const time = (step: string, phase: string, status: string) => Date.parse(progress.find((p) => p.stepId === step && p.phase === phase && p.status === status)?.at ?? 'x');
  t.ok(time('web1', 'create', 'started') < time('web2', 'health', 'succeeded') && time('web2', 'create', 'started') < time('web1', 'health', 'succeeded'), 'web1 and web2 were starting at the same time');
  t.ok(time('createdb', 'plugin', 'succeeded') <= time('web1', 'create', 'started'), 'web1 started only after the plugin succeeded');
  t.ok(time('db', 'health', 'succeeded') <= time('createdb', 'plugin', 'started'), 'the plugin started only after db was healthy');

  const pluginLogs = cp.events('log', deploymentId).filter((l) => l.stepId === 'createdb');
  t.ok(pluginLogs.some((l) => l.line.includes('created database shop')), 'plugin stderr is streamed as log events');
  t.notOk(JSON.stringify(cp.frames).includes(password.slice(3)) && pluginLogs.some((l) => l.line.includes(password)), 'the password never shows in log lines');
  t.ok(pluginLogs.some((l) => l.line.includes('with password ***')), 'the password shows as ***');

  const stats = (await cp.request('stats', { deploymentId })) as PayloadOf<'ack'> as { services: { stepId: string; memoryMb: number }[] };
  t.equal(stats.services.length, 3, 'stats reports every service');
  t.ok(stats.services.find((s) => s.stepId === 'db')!.memoryMb > 0, 'stats reports memory');

  const heartbeat = (await cp.waitFor((f) => f.type === 'heartbeat' && (f.payload as PayloadOf<'heartbeat'>).services.some((s) => s.deploymentId === deploymentId), 10_000, false)).payload as PayloadOf<'heartbeat'>;
  t.ok(heartbeat.usage.memoryMb > 0, 'heartbeat carries node usage');
  t.equal(heartbeat.services.filter((s) => s.deploymentId === deploymentId).length, 3, 'heartbeat lists the services');

  await cp.request('destroy', { seq: cp.nextSeq(), deploymentId, generation: 2, reason: 'deleted', gracefulStopSeconds: 2, masks: [password], rollbacks: [] });
  await cp.waitForStatus(deploymentId, ['deleted'], 60_000);
  const archives = cp.events('log.archive', deploymentId);
  t.same(archives.map((a) => a.stepId).sort(), ['db', 'web1', 'web2'], 'each service log is archived before removal');
  t.ok(cp.events('progress', deploymentId).some((p) => p.stepId === 'createdb' && p.phase === 'rollback' && p.status === 'succeeded'), 'the plugin rollback ran on destroy');
  t.same(await objectsOfDeployment(deploymentId), { containers: [], networks: [], volumes: [] }, 'no container, network or volume is left');
  t.same(cp.invalidFrames, [], 'every agent frame was valid');
});
