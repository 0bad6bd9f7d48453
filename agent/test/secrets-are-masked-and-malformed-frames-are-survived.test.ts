// Secrets: a plan secret and a writeOnly plugin output printed by plugins show as *** in streamed
// logs (the output reaching the next step through ${{ steps.<id>.outputs.<key> }}); service logs
// by subscription are masked too; the state file holds no secret. Malformed frames get BAD_MESSAGE
// and never crash the agent or drop the connection.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startTestAgent } from './support/agent-fixture.js';
import { buildShellPlugin } from './support/docker-fixtures.js';
import { httpService, plan, shellStep, uniqueId } from './support/plans.js';

t.test('secrets never show in logs or in the state file', async (t) => {
  const image = await buildShellPlugin();
  const node = await startTestAgent(t);
  const cp = await node.connectAndSync();
  const deploymentId = uniqueId('secret');
  const secret = `s3cret-${randomBytes(6).toString('hex')}`;
  const web = httpService('web', [], 'hi', { env: { API_KEY: secret }, command: ['sh', '-c', `echo "starting with key $API_KEY"; mkdir -p /www && echo hi > /www/index.html && exec httpd -f -p 8080 -h /www`] });
  await cp.request('deploy', {
    seq: cp.nextSeq(),
    plan: plan(deploymentId, [web, shellStep('first', [], image, { mode: 'ok', password: secret }), shellStep('second', ['first'], image, { mode: 'ok', password: '${{ steps.first.outputs.token }}' })], { masks: [secret] }),
  });
  const running = await cp.waitForStatus(deploymentId, ['running', 'failed'], 60_000);
  t.equal(running.status, 'running', 'the deployment runs');
  const token = running.outputs?.first?.token as string;
  t.match(token, /^tok-/, 'the first plugin returned a writeOnly token');

  await cp.request('logs.subscribe', { subscriptionId: 'sub-1', deploymentId, stepId: 'web', tail: 100, follow: false });
  await cp.waitFor((f) => f.type === 'log' && (f.payload as { subscriptionId?: string }).subscriptionId === 'sub-1', 10_000);
  const logs = cp.events('log', deploymentId);
  const lines = logs.map((l) => l.line).join('\n');
  t.notOk(lines.includes(secret), 'the plan secret never shows in a log line');
  t.notOk(lines.includes(token), 'the writeOnly output never shows in a log line');
  t.ok(logs.some((l) => l.stepId === 'first' && l.line === 'connecting with password ***'), 'the secret param shows as ***');
  t.ok(logs.some((l) => l.stepId === 'second' && l.line === 'connecting with password ***'), "the resolved output expression reached the next step and shows as ***");
  t.ok(logs.some((l) => l.subscriptionId === 'sub-1' && l.line === 'starting with key ***'), 'service logs by subscription are masked');

  const state = readFileSync(join(node.dataDir, 'state.json'), 'utf8');
  t.notOk(state.includes(secret), 'the state file holds no secret');
  t.notOk(state.includes(token), 'nor the writeOnly output');
  t.notOk(state.includes('API_KEY'), 'nor env values');
  t.match(JSON.parse(state).deployments, [{ id: deploymentId, status: 'running' }], 'the state file records the deployment');
});

t.test('malformed frames get BAD_MESSAGE and never crash the agent', async (t) => {
  const node = await startTestAgent(t);
  const cp = await node.connect();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const junk = () => pick<unknown>([null, 1, -1.5, 'x', '', true, [], {}, [1, 'a'], { a: { b: [] } }, 'é'.repeat(1000), 2 ** 60]);
  // token.revoke is left out: its empty payload is valid, and it would (rightly) lock everyone out.
  const types = ['hello', 'sync', 'deploy', 'destroy', 'logs.subscribe', 'stats', 'token.rotate', 'ping', 'nope', 'ack', 'log', '__proto__', 'constructor'];
  const frames: (string | Buffer)[] = ['', '{', 'null', '[]', '"text"', '{"v":2,"type":"ping","id":"a","payload":{}}', Buffer.from([0, 1, 2, 255])];
  for (let i = 0; i < 300; i++) {
    const shape = Math.floor(random() * 4);
    if (shape === 0) frames.push(randomBytes(Math.floor(random() * 64)).toString('latin1'));
    else if (shape === 1) frames.push(JSON.stringify({ v: 1, type: pick(types), id: `f${i}`, payload: junk() }));
    else if (shape === 2) frames.push(JSON.stringify({ v: pick([1, '1', 0]), type: pick(types), ...(random() < 0.5 ? { id: pick([`f${i}`, 5, null]) } : {}), payload: { seq: junk(), deploymentId: junk(), plan: junk(), newTokenHash: junk() } }));
    else frames.push(JSON.stringify({ v: 1, type: 'deploy', id: `f${i}`, payload: { seq: 1, plan: { deploymentId: 'x', generation: junk(), steps: [{ id: junk(), kind: 'service' }] } } }));
  }
  for (const f of frames) cp.sendRaw(f);
  t.same(await cp.request('ping', {}), {}, 'the connection still answers after the fuzzed frames');
  const errors = cp.frames.filter((f) => f.type === 'error');
  t.ok(errors.length >= frames.length * 0.9, `almost every malformed frame got an error reply (${errors.length} of ${frames.length})`);
  t.ok(errors.every((e) => ['BAD_MESSAGE', 'NOT_SYNCED', 'STALE_GENERATION', 'UNKNOWN_DEPLOYMENT', 'INVALID_PLAN'].includes((e.payload as { code: string }).code)), 'each error carries a protocol code');
  t.notOk(cp.closed, 'the connection stayed up');
  const second = await node.connect();
  t.same(await second.request('ping', {}), {}, 'the agent still accepts new connections');
  t.same(cp.invalidFrames, [], 'every frame the agent sent was valid');
});
