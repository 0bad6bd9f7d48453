// One plugin action for one step, from envelope to verdict: builds the stdin envelope, runs the
// container, streams stderr as masked `log` events and judges the result against the manifest.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { COMPONENT_API_VERSION, PluginErrorCode, type ErrorInfo, type InvocationContext, type InvocationEnvelope, type PlanComponentStep, type PluginAction } from '@nullops/core/contracts';
import { pluginContainerSpec, type DeploymentPlace } from '../pipeline/container-specs.js';
import { runPluginContainer } from './plugin-container.js';
import { judgePluginResult } from './plugin-verdict.js';

export interface PluginInvocation {
  place: DeploymentPlace;
  step: Pick<PlanComponentStep, 'id' | 'image' | 'manifest'>;
  action: PluginAction;
  params: Record<string, unknown>;
  context: Omit<InvocationContext, 'deadline' | 'idempotencyKey'>;
  /** Overrides the manifest's timeout (a pipeline step may). */
  timeoutSeconds?: number;
  killAfterSeconds: number;
  signal: AbortSignal;
  onLogLine: (line: string) => void;
}

export type InvocationResult = { ok: true; outputs: Record<string, unknown> } | { ok: false; error: ErrorInfo; cancelled: boolean };

export async function invokePlugin(docker: Docker, invocation: PluginInvocation): Promise<InvocationResult> {
  const timeoutSeconds = invocation.timeoutSeconds ?? invocation.step.manifest.timeoutSeconds ?? 300;
  const envelope: InvocationEnvelope = {
    apiVersion: COMPONENT_API_VERSION,
    action: invocation.action,
    params: invocation.params,
    context: {
      ...invocation.context,
      idempotencyKey: `${invocation.place.deploymentId}/${invocation.place.generation}/${invocation.step.id}`,
      deadline: new Date(Date.now() + timeoutSeconds * 1000).toISOString(),
    },
  };
  const stepId = invocation.step.id;
  const outcome = await runPluginContainer(docker, {
    spec: pluginContainerSpec(invocation.place, invocation.step, invocation.action, randomBytes(3).toString('hex')),
    stdin: `${JSON.stringify(envelope)}\n`,
    timeoutSeconds,
    killAfterSeconds: invocation.killAfterSeconds,
    signal: invocation.signal,
    onStderrLine: invocation.onLogLine,
  });
  if (outcome.cancelled) return { ok: false, cancelled: true, error: { code: 'CANCELLED', message: `plugin ${invocation.action} was cancelled`, stepId } };
  if (outcome.timedOut) return { ok: false, cancelled: false, error: { code: PluginErrorCode.timeout, message: `plugin ${invocation.action} exceeded its timeout of ${timeoutSeconds} s`, stepId } };
  const verdict = judgePluginResult(outcome.exitCode, outcome.stdout, invocation.action === 'run' ? invocation.step.manifest.output : null);
  if (!verdict.ok) return { ok: false, cancelled: false, error: { code: verdict.code, message: verdict.message, stepId } };
  return { ok: true, outputs: verdict.outputs };
}
