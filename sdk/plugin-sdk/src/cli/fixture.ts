// Fixtures: what `nullops-plugin run --input` and `test` feed a plugin, and how `test` compares what it
// printed with `<name>.expected.json`. Pure.
//
// An input file is `{ "action"?: "run" | "rollback", "params": {…}, "context"?: {…}, "outputs"?: {…} }`
// (`outputs`: for a rollback, what `run` returned) or a whole invocation envelope. An expected file is
// the document the plugin must print — `{ "outputs": {…} }` or `{ "error": { "code": "…" } }` — where
// objects match when every key given matches (so a test need not repeat an error's full message).
import type { InvocationContext, PluginAction, PluginManifest } from '@nullops/core/contracts';
import { validatePluginParams } from '@nullops/core/pipeline';

export const FIXTURE_STEP_ID = 'step';

export interface FixtureInvocation {
  action: PluginAction;
  params: Record<string, unknown>;
  context: Omit<InvocationContext, 'deadline' | 'idempotencyKey'>;
  idempotencyKey: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The invocation an input file describes, with params defaulted as the control plane would; or what is wrong with it. */
export function fixtureInvocation(raw: unknown, manifest: Pick<PluginManifest, 'input' | 'actions'>): { ok: true; invocation: FixtureInvocation } | { ok: false; problems: { path: string; message: string }[] } {
  if (!isObject(raw)) return { ok: false, problems: [{ path: '', message: 'must be an object: { "params": {…} } or an invocation envelope' }] };
  const problems: { path: string; message: string }[] = [];
  const action = raw.action ?? 'run';
  if (action !== 'run' && action !== 'rollback') problems.push({ path: '/action', message: 'must be "run" or "rollback"' });
  else if (!manifest.actions.includes(action)) problems.push({ path: '/action', message: `is "${action}", which the manifest's actions do not list` });
  const params = raw.params ?? {};
  if (!isObject(params)) problems.push({ path: '/params', message: 'must be an object' });
  const context = raw.context ?? {};
  if (!isObject(context)) problems.push({ path: '/context', message: 'must be an object' });
  if (problems.length) return { ok: false, problems };
  const given = context as Partial<InvocationContext>;
  const deployment = { id: 'local', name: 'local', project: 'local', environment: 'local', ...given.deployment };
  const ownOutputs: Record<string, Record<string, unknown>> = isObject(raw.outputs) ? { [FIXTURE_STEP_ID]: raw.outputs } : {};
  const idempotencyKey = typeof given.idempotencyKey === 'string' ? given.idempotencyKey : `${deployment.id}/1/${FIXTURE_STEP_ID}`;
  return {
    ok: true,
    invocation: {
      action: action as PluginAction,
      params: validatePluginParams(manifest.input, params as Record<string, unknown>).params,
      context: { deployment, services: given.services ?? {}, outputs: { ...given.outputs, ...ownOutputs }, attempt: given.attempt ?? 1 },
      idempotencyKey,
    },
  };
}

/** Problems of a fixture's params against the input schema (a fixture that expects a refusal may break it on purpose). */
export function fixtureParamProblems(invocation: FixtureInvocation, manifest: Pick<PluginManifest, 'input'>): { path: string; message: string }[] {
  const verdict = validatePluginParams(manifest.input, invocation.params);
  return verdict.ok ? [] : verdict.errors.map((e) => ({ path: `/params${e.path}`, message: e.message }));
}

/**
 * What differs between the expected document and the plugin's stdout and exit code; empty when it
 * passes. Stdout must be exactly one JSON document, `{outputs}` with exit 0 or `{error}` with non-zero.
 */
export function compareWithExpected(expected: unknown, stdout: string, exitCode: number): string[] {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    const lines = stdout.trim().split('\n').filter(Boolean).length;
    return [lines === 0 ? 'stdout was empty: a plugin must print one JSON document' : `stdout is not exactly one JSON document (${lines} line(s)): logs belong on stderr`];
  }
  const differences: string[] = [];
  if (!isObject(document) || ('outputs' in document) === ('error' in document)) return ['stdout must be {"outputs": {…}} or {"error": {…}}'];
  if ('outputs' in document && exitCode !== 0) differences.push(`printed outputs but exited ${exitCode}`);
  if ('error' in document && exitCode === 0) differences.push('printed an error but exited 0');
  differences.push(...mismatches(expected, document, ''));
  return differences;
}

function mismatches(expected: unknown, actual: unknown, path: string): string[] {
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path || '/'}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => (key in actual ? mismatches(value, actual[key], `${path}/${key}`) : [`${path}/${key}: expected ${JSON.stringify(value)}, missing`]));
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) return [`${path || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  return [];
}
