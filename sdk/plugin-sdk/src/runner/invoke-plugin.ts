// One plugin action, from envelope to verdict — the one runner the agent (in a deployment) and
// `nullops-plugin run`/`test` (on a developer's machine) share: builds the stdin envelope with its
// idempotency key and deadline, runs the container, streams stderr lines to the caller and judges the
// result against the manifest.
import type Docker from 'dockerode';
import { COMPONENT_API_VERSION, PluginErrorCode, type ErrorInfo, type InvocationContext, type InvocationEnvelope, type PluginAction, type PluginManifest } from '@nullops/core/contracts';
import { pluginContainerSpec, type PluginContainerPlace } from './plugin-container-spec.js';
import { runPluginContainer } from './plugin-container.js';
import { judgePluginResult } from './plugin-verdict.js';

export interface PluginInvocation {
  image: string;
  manifest: Pick<PluginManifest, 'output' | 'timeoutSeconds' | 'network' | 'resources'>;
  stepId: string;
  action: PluginAction;
  params: Record<string, unknown>;
  context: Omit<InvocationContext, 'deadline' | 'idempotencyKey'>;
  /** `<deployment id>/<generation>/<step id>`. */
  idempotencyKey: string;
  container: PluginContainerPlace;
  /** Overrides the manifest's timeout (a pipeline step may). */
  timeoutSeconds?: number;
  killAfterSeconds: number;
  signal: AbortSignal;
  onLogLine: (line: string) => void;
}

/** The verdict, plus what the container actually did (for `nullops-plugin test`, which compares documents). */
export type InvocationResult = ({ ok: true; outputs: Record<string, unknown> } | { ok: false; error: ErrorInfo; cancelled: boolean }) & {
  exitCode?: number;
  stdout?: string;
};

export async function invokePlugin(docker: Docker, invocation: PluginInvocation): Promise<InvocationResult> {
  const timeoutSeconds = invocation.timeoutSeconds ?? invocation.manifest.timeoutSeconds ?? 300;
  const envelope: InvocationEnvelope = {
    apiVersion: COMPONENT_API_VERSION,
    action: invocation.action,
    params: invocation.params,
    context: { ...invocation.context, idempotencyKey: invocation.idempotencyKey, deadline: new Date(Date.now() + timeoutSeconds * 1000).toISOString() },
  };
  const stepId = invocation.stepId;
  const outcome = await runPluginContainer(docker, {
    spec: pluginContainerSpec(invocation.image, invocation.manifest, invocation.container),
    stdin: `${JSON.stringify(envelope)}\n`,
    timeoutSeconds,
    killAfterSeconds: invocation.killAfterSeconds,
    signal: invocation.signal,
    onStderrLine: invocation.onLogLine,
  });
  const seen = { exitCode: outcome.exitCode, stdout: outcome.stdout };
  if (outcome.cancelled) return { ok: false, cancelled: true, error: { code: 'CANCELLED', message: `plugin ${invocation.action} was cancelled`, stepId }, ...seen };
  if (outcome.timedOut) return { ok: false, cancelled: false, error: { code: PluginErrorCode.timeout, message: `plugin ${invocation.action} exceeded its timeout of ${timeoutSeconds} s`, stepId }, ...seen };
  const verdict = judgePluginResult(outcome.exitCode, outcome.stdout, invocation.action === 'run' ? invocation.manifest.output : null);
  if (!verdict.ok) return { ok: false, cancelled: false, error: { code: verdict.code, message: verdict.message, stepId }, ...seen };
  return { ok: true, outputs: verdict.outputs, ...seen };
}
