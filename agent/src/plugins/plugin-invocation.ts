// One plugin action for one deployment step: places the plugin's container in the deployment (its
// name, the agent's labels, the deployment's network) and hands it to the one plugin runner,
// `@nullops/sdk/runner`, which `nullops-plugin run` uses too.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { InvocationContext, PlanComponentStep, PluginAction } from '@nullops/core/contracts';
import { invokePlugin as runPlugin, type InvocationResult } from '@nullops/sdk/runner';
import { containerName, dockerNamePart, objectLabels } from '../docker/labels.js';
import type { DeploymentPlace } from '../pipeline/container-specs.js';

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

export function invokePlugin(docker: Docker, invocation: PluginInvocation): Promise<InvocationResult> {
  const { place, step, action } = invocation;
  return runPlugin(docker, {
    image: step.image,
    manifest: step.manifest,
    stepId: step.id,
    action,
    params: invocation.params,
    context: invocation.context,
    idempotencyKey: `${place.deploymentId}/${place.generation}/${step.id}`,
    container: {
      name: `${containerName(place.deploymentId, place.generation, step.id)}-${action}-${dockerNamePart(randomBytes(3).toString('hex'))}`,
      labels: objectLabels(place.nodeId, place.deploymentId, place.generation, 'plugin', step.id),
      network: place.network,
      alias: `${step.id}-${action}`,
    },
    ...(invocation.timeoutSeconds !== undefined ? { timeoutSeconds: invocation.timeoutSeconds } : {}),
    killAfterSeconds: invocation.killAfterSeconds,
    signal: invocation.signal,
    onLogLine: invocation.onLogLine,
  });
}
