// Undoes a deployment — the same way for a failure, a cancel, a delete and an agent restart: plugin
// `rollback` actions in reverse order (a failed one is logged, never fatal), then the last log lines
// of each service and job are archived and containers, volumes and network go.
import type Docker from 'dockerode';
import { PluginErrorCode, type InvocationContext, type MessageType, type PayloadOf, type RollbackCall } from '@nullops/core/contracts';
import { removeObject } from '../docker/labelled-objects.js';
import { observeDeployment } from './observed.js';
import { lastLogLines } from '../docker/container-logs.js';
import type { Firewall } from '../docker/firewall.js';
import { AGENT_LABELS, networkName } from '../docker/labels.js';
import type { AgentLogger } from '../observability/logger.js';
import { invokePlugin } from '../plugins/plugin-invocation.js';
import { inRemovalOrder, rollbackOrder } from './decide.js';

export const ARCHIVE_LINES = 1000;

export interface TeardownHost {
  docker: Docker;
  nodeId: string;
  publishAddress: string;
  firewall: Firewall;
  pluginKillAfterSeconds: number;
  log: AgentLogger;
  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void;
}

export interface Teardown {
  deploymentId: string;
  generation: number;
  rollbacks: readonly RollbackCall[];
  /** The generation whose network the rollbacks join, when it still exists. */
  networkGeneration?: number;
  context?: Omit<InvocationContext, 'deadline' | 'idempotencyKey'>;
  gracefulStopSeconds: number;
  mask: (line: string) => string;
  /** Archive service and job logs before removal (not for restart recovery, where nobody asked yet). */
  archive: boolean;
}

/** Runs the rollbacks; returns the step ids whose rollback failed. */
export async function runRollbacks(host: TeardownHost, teardown: Teardown): Promise<string[]> {
  const failed: string[] = [];
  const at = () => new Date().toISOString();
  const base = { deploymentId: teardown.deploymentId, generation: teardown.generation };
  let network = 'bridge';
  if (teardown.networkGeneration !== undefined) {
    const candidate = networkName(teardown.deploymentId, teardown.networkGeneration);
    network = await host.docker
      .getNetwork(candidate)
      .inspect()
      .then(() => candidate)
      .catch(() => 'bridge');
  }
  for (const call of rollbackOrder(teardown.rollbacks)) {
    host.emit('progress', { ...base, stepId: call.stepId, phase: 'rollback', status: 'started', at: at() });
    const result = await invokePlugin(host.docker, {
      place: { nodeId: host.nodeId, deploymentId: teardown.deploymentId, generation: teardown.networkGeneration ?? teardown.generation, network, publishAddress: host.publishAddress },
      step: { id: call.stepId, image: call.image, manifest: call.manifest },
      action: 'rollback',
      params: call.params,
      context: { ...(teardown.context ?? { deployment: { id: teardown.deploymentId, name: '', project: '', environment: '' }, services: {}, attempt: 1 }), outputs: { [call.stepId]: call.outputs } },
      killAfterSeconds: host.pluginKillAfterSeconds,
      signal: new AbortController().signal,
      onLogLine: (line) => host.emit('log', { ...base, stepId: call.stepId, stream: 'stderr', at: at(), line: teardown.mask(line) }),
    }).catch((error: Error) => ({ ok: false as const, cancelled: false, error: { code: PluginErrorCode.failed, message: error.message, stepId: call.stepId } }));
    if (!result.ok) {
      failed.push(call.stepId);
      host.log.warn(`rollback of ${teardown.deploymentId}/${call.stepId} failed: ${teardown.mask(result.error.message)}`);
    }
    host.emit('progress', { ...base, stepId: call.stepId, phase: 'rollback', status: result.ok ? 'succeeded' : 'failed', ...(result.ok ? {} : { message: teardown.mask(result.error.message) }), at: at() });
  }
  return failed;
}

/** Removes every object of the deployment (all generations), archiving service and job logs first. */
export async function removeDeploymentObjects(host: TeardownHost, teardown: Teardown): Promise<void> {
  const at = () => new Date().toISOString();
  const base = { deploymentId: teardown.deploymentId, generation: teardown.generation };
  host.emit('progress', { ...base, phase: 'destroy', status: 'started', at: at() });
  const objects = await observeDeployment(host.docker, host.nodeId, teardown.deploymentId);
  const remove = inRemovalOrder(objects);
  const containers = remove.filter((o) => o.kind === 'container');
  await Promise.all(
    containers.map(async (object) => {
      if (teardown.archive && object.stepId) {
        const info = await host.docker.getContainer(object.id).inspect().catch(() => null);
        const role = info?.Config.Labels?.[AGENT_LABELS.role];
        if (role === 'service' || role === 'job') {
          const lines = await lastLogLines(host.docker, object.id, ARCHIVE_LINES).catch(() => []);
          host.emit('log.archive', { ...base, stepId: object.stepId, lines: lines.map(teardown.mask) });
        }
      }
      await removeObject(host.docker, object, teardown.gracefulStopSeconds);
    }),
  );
  let problem: string | undefined;
  await Promise.all(
    remove
      .filter((o) => o.kind !== 'container')
      .map((object) =>
        removeObject(host.docker, object, 0).catch((error: Error) => {
          problem = `${object.kind} ${object.name}: ${error.message}`;
        }),
      ),
  );
  await host.firewall.release(teardown.deploymentId);
  host.emit('progress', { ...base, phase: 'destroy', status: problem ? 'failed' : 'succeeded', ...(problem ? { message: problem } : {}), at: at() });
  if (problem) throw new Error(`removal incomplete: ${problem}`);
}
