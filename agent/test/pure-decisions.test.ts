// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The agent's pure decisions, without Docker: converge's decisions, rollback order, masking,
// the outbox, token adoption, plugin verdicts, plan checks and the state file's tolerance.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frame, type Frame } from '@nullops/core/contracts';
import { decide, inRemovalOrder, rollbackOrder, type ConvergeView } from '../src/deployments/decide.js';
import { stepsToStart } from '../src/pipeline/step-run.js';
import { byDeployment } from '../src/deployments/observed.js';
import type { LabelledObject } from '../src/docker/labelled-objects.js';
import type { DeploymentRecord } from '../src/state/state-file.js';
import { createMasker, writeOnlyOutputValues } from '../src/observability/masking.js';
import { Outbox } from '../src/connection/outbox.js';
import { adoptToken, hashToken, tokenMatches } from '../src/identity/token-store.js';
import { judgePluginResult } from '@nullops/sdk/runner';
import { planProblem } from '../src/deployments/desired.js';
import { loadState, StateFile, emptyState } from '../src/state/state-file.js';
import { probeFor } from '../src/pipeline/health-probe.js';
import { plan, httpService } from './support/plans.js';

const record = (id: string, generation: number, status: DeploymentRecord['status'], rollbackSteps: string[] = []): DeploymentRecord => ({ id, generation, seq: 1, status, rollbackSteps });
const running = (generation: number) => ({ want: 'running' as const, generation });
const remove = (view: ConvergeView) => {
  const decision = decide(view);
  if (decision.action !== 'tidy') throw new Error(`expected tidy, got ${decision.action}`);
  return decision.remove;
};
const object = (kind: LabelledObject['kind'], deploymentId: string, generation = 1): LabelledObject => ({ kind, id: `${kind}-${deploymentId}-${generation}`, name: kind, deploymentId, generation });

t.test('converge removes nothing unknown before the first sync', async (t) => {
  const objects = [object('container', 'ghost'), object('network', 'ghost')];
  t.same(decide({ desired: undefined, record: undefined, observed: objects, synced: false }), { action: 'tidy', remove: [] });
  t.same(decide({ desired: running(2), record: record('b', 2, 'failed'), observed: [object('container', 'b', 1)], synced: false }), { action: 'tidy', remove: [] }, 'nor what a known deployment left');
  t.same(remove({ desired: undefined, record: undefined, observed: [...objects].reverse(), synced: true }).map((o) => o.kind), ['container', 'network'], 'after a sync, orphans go, containers first');
});

t.test('converge tears down absent deployments, removes stale generations, keeps running ones', async (t) => {
  const observed = byDeployment([object('network', 'a'), object('volume', 'a'), object('container', 'a'), object('container', 'b', 1), object('container', 'b', 2), object('container', 'c')]);
  const a = decide({ desired: { want: 'absent', generation: 3, gracefulStopSeconds: 30, rollbacks: [] }, record: record('a', 1, 'running'), observed: observed.get('a')!, synced: true });
  t.same(a, { action: 'teardown' }, 'an absent deployment is torn down');
  t.same(inRemovalOrder(observed.get('a')!).map((o) => o.id), ['container-a-1', 'volume-a-1', 'network-a-1'], 'containers first, the network last');
  t.same(remove({ desired: running(2), record: record('b', 2, 'running'), observed: observed.get('b')!, synced: true }).map((o) => o.id), ['container-b-1'], 'an older generation goes');
  t.same(remove({ desired: running(1), record: record('c', 1, 'running'), observed: observed.get('c')!, synced: true }), [], 'a running deployment is kept');
});

t.test('converge runs a plan once, after removing older generations, and only tidies afterwards', async (t) => {
  const p = plan('d', [httpService('web', [], 'x')], { generation: 2 });
  const observed = [object('container', 'd', 1), object('network', 'd', 2)];
  const desired = { want: 'running' as const, generation: 2, plan: p };
  t.same(decide({ desired, record: record('d', 2, 'deploying'), observed, synced: true }), { action: 'deploy', plan: p, remove: [observed[0]] });
  t.same(decide({ desired, record: record('d', 2, 'running'), observed, synced: true }), { action: 'tidy', remove: [observed[0]] }, 'a finished run is not run again');
  t.same(remove({ desired, record: record('d', 2, 'failed'), observed, synced: true }).map((o) => o.id), ['container-d-1', 'network-d-2'], 'what a failed deployment left behind goes');
  t.same(remove({ desired: running(1), record: record('d', 1, 'failed'), observed: [], synced: true }), [], 'nothing observed, nothing to do');
});

t.test('within a run, the steps whose parents all succeeded start, none once it failed', async (t) => {
  const steps = [{ id: 'db', needs: [] }, { id: 'seed', needs: ['db'] }, { id: 'web1', needs: ['seed'] }, { id: 'web2', needs: ['seed'] }];
  const at = (succeeded: string[], started: string[], failed = false) => stepsToStart(steps, new Set(succeeded), new Set(started), failed);
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

t.test('token adoption follows docs/agent-protocol.md', async (t) => {
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
