// Tokens: a wrong one is refused with 401 before the upgrade; after token.rotate the old token is
// refused and the new one accepted, across a restart; after token.revoke everyone is refused until the
// operator configures a new AGENT_TOKEN.
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDataDir, startTestAgent } from './support/agent-fixture.js';
import { ProtocolHarness } from './support/protocol-harness.js';

const newToken = () => randomBytes(16).toString('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function refusal(port: number, token: string): Promise<number | 'accepted'> {
  const result = await ProtocolHarness.tryConnect({ port, token });
  if ('refused' in result) return result.refused;
  await result.harness.close();
  return 'accepted';
}

t.test('a wrong or missing token is refused with 401', async (t) => {
  const node = await startTestAgent(t);
  t.equal(await refusal(node.port, 'not-the-token'), 401, 'wrong token → 401');
  t.equal(await refusal(node.port, ''), 401, 'empty token → 401');
  t.equal(await refusal(node.port, node.token), 'accepted', 'the right token is accepted');
  const stored = readFileSync(join(node.dataDir, 'token.json'), 'utf8');
  t.notOk(stored.includes(node.token), 'the token itself is not stored');
  t.ok(stored.includes(sha256(node.token)), 'its hash is');
});

t.test('rotate: the old token dies at the ack, the new one lives on across a restart', async (t) => {
  const dataDir = makeDataDir(t);
  const original = newToken();
  const rotated = newToken();
  const first = await startTestAgent(t, { dataDir, token: original });
  const cp = await first.connect();
  t.same(await cp.request('token.rotate', { newTokenHash: sha256(rotated) }), {}, 'rotate is acknowledged');
  t.equal(await refusal(first.port, original), 401, 'the old token is refused right after the ack');
  t.equal(await refusal(first.port, rotated), 'accepted', 'the new token is accepted');
  await first.agent.stop();

  const second = await startTestAgent(t, { dataDir, token: original });
  t.equal(await refusal(second.port, original), 401, 'after a restart with the same AGENT_TOKEN, the old token is still refused');
  t.equal(await refusal(second.port, rotated), 'accepted', 'and the rotated one still accepted');
});

t.test('revoke: everyone is refused until a new AGENT_TOKEN is configured', async (t) => {
  const dataDir = makeDataDir(t);
  const original = newToken();
  const first = await startTestAgent(t, { dataDir, token: original });
  const cp = await first.connect();
  await cp.request('token.revoke', {});
  await new Promise((r) => setTimeout(r, 200));
  t.ok(cp.closed, 'the revoking connection is closed after the ack');
  t.equal(await refusal(first.port, original), 401, 'the token is refused');
  await first.agent.stop();

  const same = await startTestAgent(t, { dataDir, token: original });
  t.equal(await refusal(same.port, original), 401, 'a restart with the same AGENT_TOKEN stays revoked');
  await same.agent.stop();

  const fresh = newToken();
  const reconfigured = await startTestAgent(t, { dataDir, token: fresh });
  t.equal(await refusal(reconfigured.port, fresh), 'accepted', 'a new AGENT_TOKEN opens the door again');
  t.equal(await refusal(reconfigured.port, original), 401, 'the revoked token stays refused');
});

t.test('one control-plane connection at a time: a new one replaces the old', async (t) => {
  const node = await startTestAgent(t);
  const first = await node.connect();
  const second = await node.connect();
  await new Promise((r) => setTimeout(r, 200));
  t.ok(first.closed, 'the first connection was closed');
  t.equal(first.closeCode, 4000, 'with close code 4000');
  t.same(await second.request('ping', {}), {}, 'the new connection answers');
});
