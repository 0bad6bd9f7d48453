// One plugin action on this machine through the one plugin runner (`@nullops/sdk/runner`, the agent's):
// the same envelope, container hardening, timeout and verdict as in a deployment; the container joins
// --network (default: Docker's bridge) instead of a deployment's network.
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { PluginManifest } from '@nullops/core/contracts';
import { invokePlugin, type InvocationResult } from '../runner/index.js';
import { usageError } from './cli-error.js';
import { FIXTURE_STEP_ID, type FixtureInvocation } from './fixture.js';

export const CLI_LABEL = 'dev.nullops.plugin-cli';

export async function connectDocker(image: string): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw usageError(`Docker is not reachable (${(error as Error).message}): start Docker, or set DOCKER_HOST.`);
  }
  try {
    await docker.getImage(image).inspect();
  } catch {
    throw usageError(`The image ${image} is not on this machine: run \`nullops-plugin build\` first, or pass --image.`);
  }
  return docker;
}

export function invokeLocally(docker: Docker, manifest: PluginManifest, image: string, invocation: FixtureInvocation, options: { network: string; onLogLine: (line: string) => void; signal?: AbortSignal }): Promise<InvocationResult> {
  const id = randomBytes(4).toString('hex');
  return invokePlugin(docker, {
    image,
    manifest,
    stepId: FIXTURE_STEP_ID,
    action: invocation.action,
    params: invocation.params,
    context: invocation.context,
    idempotencyKey: invocation.idempotencyKey,
    container: { name: `nullops-plugin-${invocation.action}-${id}`, labels: { [CLI_LABEL]: id }, network: options.network, alias: FIXTURE_STEP_ID },
    killAfterSeconds: 10,
    signal: options.signal ?? new AbortController().signal,
    onLogLine: options.onLogLine,
  });
}
