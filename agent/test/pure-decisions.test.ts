// The agent's pure decisions, without Docker: reconcile, rollback order, masking,
// the outbox, token adoption, plugin verdicts, plan checks and the state file's tolerance.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frame, type Frame } from '@nullops/core/contracts';
import { reconcile, rollbackOrder, type LabelledObject } from '../src/pipeline/reconcile.js';
import { createMasker, writeOnlyOutputValues } from '../src/observability/masking.js';
import { Outbox } from '../src/connection/outbox.js';
import { adoptToken, hashToken, tokenMatches } from '../src/identity/token-store.js';
import { judgePluginResult } from '@nullops/sdk/runner';
import { planProblem } from '../src/agent.js';
import { loadState, StateFile, emptyState } from '../src/state/state-file.js';
import { probeFor } from '../src/pipeline/health-probe.js';
import { plan, httpService } from './support/plans.js';

const object = (kind: LabelledObject['kind'], deploymentId: string, generation = 1): LabelledObject => ({ kind, id: `${kind}-${deploymentId}-${generation}`, name: kind, deploymentId, generation });

t.test('reconcile removes nothing unknown before the first sync', async (t) => {
  const objects = [object('container', 'ghost'), object('network', 'ghost')];
  t.same(reconcile({ synced: false, deployments: [] }, { objects, pipelines: [] }).remove, []);
  t.same(reconcile({ synced: true, deployments: [] }, { objects, pipelines: [] }).remove.map((o) => o.kind), ['container', 'network'], 'after a sync, orphans go, containers first');
});

t.test('reconcile removes absent deployments and stale generations, keeps running ones', async (t) => {
  const objects = [object('network', 'a'), object('volume', 'a'), object('container', 'a'), object('container', 'b', 1), object('container', 'b', 2), object('container', 'c')];
  const { remove } = reconcile(
    { synced: true, deployments: [{ id: 'a', generation: 3, want: 'absent' }, { id: 'b', generation: 2, want: 'running' }, { id: 'c', generation: 1, want: 'running' }] },
    { objects, pipelines: [] },
  );
  t.same(remove.map((o) => o.id), ['container-a-1', 'container-b-1', 'volume-a-1', 'network-a-1']);
});

t.test('reconcile starts the steps whose parents all succeeded, none in a failed pipeline', async (t) => {
  const steps = [{ id: 'db', needs: [] }, { id: 'seed', needs: ['db'] }, { id: 'web1', needs: ['seed'] }, { id: 'web2', needs: ['seed'] }];
  const desired = { synced: true, deployments: [{ id: 'd', generation: 1, want: 'running' as const }] };
  const at = (succeeded: string[], started: string[], failed = false) =>
    reconcile(desired, { objects: [], pipelines: [{ deploymentId: 'd', steps, succeeded: new Set(succeeded), started: new Set(started), failed }] }).start.map((s) => s.stepId);
  t.same(at([], []), ['db']);
  t.same(at(['db'], ['db']), ['seed']);
  t.same(at(['db', 'seed'], ['db', 'seed']), ['web1', 'web2'], 'independent branches start together');
  t.same(at(['db', 'seed'], ['db', 'seed'], true), [], 'a failed pipeline starts nothing');
});

t.test('rollbacks run last-completed first', async (t) => {
  t.same(rollbackOrder([{ stepId: 'a' }, { stepId: 'b' }, { stepId: 'c' }]).map((r) => r.stepId), ['c', 'b', 'a']);
});

t.test('masking hides every secret, the longest first', async (t) => {
  const mask = createMasker(['abc', 'abcdef', '']);
  t.equal(mask('key=abcdef and abc'), 'key=*** and ***');
  t.equal(createMasker([])('plain'), 'plain');
  t.same(writeOnlyOutputValues({ properties: { url: { writeOnly: true }, name: {} } }, { url: 'pg://pw', name: 'x' }), ['pg://pw']);
});

t.test('the outbox keeps the newest events and reports a gap first', async (t) => {
  const outbox = new Outbox(3);
  for (let seq = 1; seq <= 5; seq++) outbox.push(frame('ping', {}, { eventSeq: seq }) as Frame);
  const drained = outbox.drain(() => 6);
  t.equal(drained[0].type, 'gap');
  t.same(drained[0].payload, { dropped: 2, fromEventSeq: 1, toEventSeq: 2 });
  t.same(drained.slice(1).map((f) => f.eventSeq), [3, 4, 5]);
  t.equal(outbox.size, 0);
});

t.test('token adoption follows PROTOCOL.md', async (t) => {
  const first = adoptToken(null, 'one');
  t.ok(first.adopted && first.state.tokenHash === hashToken('one'), 'adopted when nothing is persisted');
  const rotated = { ...first.state, tokenHash: hashToken('two') };
  t.same(adoptToken(rotated, 'one'), { state: rotated, adopted: false }, 'the same AGENT_TOKEN does not undo a rotation');
  const revoked = { ...first.state, tokenHash: null };
  t.equal(adoptToken(revoked, 'one').state.tokenHash, null, 'nor a revocation');
  t.equal(adoptToken(revoked, 'three').state.tokenHash, hashToken('three'), 'a new AGENT_TOKEN is adopted');
  t.ok(tokenMatches(hashToken('x'), 'x'));
  t.notOk(tokenMatches(hashToken('x'), 'y'));
  t.notOk(tokenMatches(null, 'x'));
  t.notOk(tokenMatches(hashToken('x'), undefined));
});

t.test('plugin verdicts', async (t) => {
  const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
  t.same(judgePluginResult(0, '{"outputs":{"n":1}}\n', schema), { ok: true, outputs: { n: 1 } });
  t.match(judgePluginResult(0, 'garbage', schema), { ok: false, code: 'PLUGIN_BAD_OUTPUT' });
  t.match(judgePluginResult(0, '', schema), { ok: false, code: 'PLUGIN_BAD_OUTPUT' });
  t.match(judgePluginResult(0, '{"outputs":{"n":"x"}}', schema), { ok: false, code: 'PLUGIN_BAD_OUTPUT' });
  t.match(judgePluginResult(2, '{"error":{"message":"nope","code":"X"}}', schema), { ok: false, code: 'PLUGIN_FAILED', message: 'X: nope' });
  t.match(judgePluginResult(1, '', schema), { ok: false, code: 'PLUGIN_FAILED', message: /code 1/ });
  t.same(judgePluginResult(0, '', null), { ok: true, outputs: {} }, 'a rollback only needs exit 0');
});

t.test('plan problems are found before anything runs', async (t) => {
  t.equal(planProblem(plan('d', [httpService('a', [], 'x'), httpService('b', ['a'], 'y')])), null);
  t.match(planProblem(plan('d', [httpService('a', ['zzz'], 'x')])), /needs "zzz"/);
  t.match(planProblem(plan('d', [httpService('a', ['b'], 'x'), httpService('b', ['a'], 'y')])), /cycle/);
  t.match(planProblem(plan('d', [httpService('a', [], 'x'), httpService('a', [], 'y')])), /twice/);
});

t.test('health probes follow the plan', async (t) => {
  const ports = [{ name: 'http', port: 80, ingress: true }];
  t.same(probeFor(undefined, ports).probe, { type: 'tcp', port: 80 }, 'no healthcheck: the ingress port must accept');
  t.same(probeFor(undefined, []).probe, { type: 'running' });
  t.same(probeFor({ type: 'http', port: 'http', path: '/ok' }, ports).probe, { type: 'http', port: 80, path: '/ok', expectStatus: undefined });
  t.same(probeFor({ type: 'command', command: ['true'] }, ports).probe, { type: 'docker' });
  t.throws(() => probeFor({ type: 'tcp', port: 'nope' }, ports), /nope/);
});

t.test('a corrupt or missing state file is not fatal; writes are atomic', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-state-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'state.json');
  t.same(await loadState(path), { state: emptyState() }, 'missing: empty, no problem');
  writeFileSync(path, '{"version":1,"deploy');
  t.match(await loadState(path), { state: emptyState(), problem: /not valid JSON/ });
  writeFileSync(path, '{"version":7}');
  t.match(await loadState(path), { state: emptyState(), problem: /schema/ });
  const state = { ...emptyState(), nodeId: 'n1', deployments: [{ id: 'd', generation: 2, seq: 4, status: 'running' as const, rollbackSteps: [] }] };
  const file = new StateFile(path);
  await Promise.all([file.save(emptyState()), file.save(state)]);
  t.same(JSON.parse(readFileSync(path, 'utf8')), state, 'the last save wins');
  t.same((await loadState(path)).state, state);
});
