// converge(deploymentId): reads the desired entry and the observed view, lets decide() say what to do,
// and does it — run the plan, tear the deployment down, or remove what should not be there — then
// records and reports the outcome. The table (table.ts) runs it one at a time per deployment.
import type Docker from 'dockerode';
import { AgentErrorCode, type MessageType, type PayloadOf, type RollbackCall } from '@nullops/core/contracts';
import type { Firewall } from '../docker/firewall.js';
import { removeObject, type LabelledObject } from '../docker/labelled-objects.js';
import type { AgentLogger } from '../observability/logger.js';
import { createMasker } from '../observability/masking.js';
import { observeServices } from '../observability/service-observation.js';
import { DeploymentRun } from '../pipeline/deployment-run.js';
import type { DeploymentRecord } from '../state/state-file.js';
import { decide, rollbacksOwed, statusReport, withoutUndone } from './decide.js';
import type { Desired } from './desired.js';
import { observeDeployment } from './observed.js';
import { removeDeploymentObjects, runRollbacks, type TeardownHost } from './teardown.js';

/** One row of the deployment table. */
export interface DeploymentEntry {
  desired: Desired;
  /** What this agent did and last reported (persisted in the state file). */
  record: DeploymentRecord;
  /** The latest run of this process, kept once it ends: its masks, outputs and completed rollbacks. */
  run?: DeploymentRun;
  /** Secret values to mask in this deployment's logs and messages (memory only). */
  masks: string[];
}

export interface ConvergeHost {
  docker: Docker;
  publishAddress: string;
  pluginKillAfterSeconds: number;
  firewall: Firewall;
  log: AgentLogger;
  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void;
  persist(): Promise<void>;
}

/** What converge() sees of the table it belongs to. */
export interface ConvergeScope {
  readonly host: ConvergeHost;
  readonly nodeId: string;
  readonly synced: boolean;
  readonly stopping: boolean;
  entry(id: string): DeploymentEntry | undefined;
  /** Drops the row once its teardown reported `deleted`, unless a newer request replaced its record. */
  forget(id: string, record: DeploymentRecord): void;
}

/** Converges one deployment; returns how many orphaned or stale objects it removed. */
export async function converge(scope: ConvergeScope, deploymentId: string): Promise<number> {
  if (scope.stopping) return 0;
  const entry = scope.entry(deploymentId);
  const observed = await observeDeployment(scope.host.docker, scope.nodeId, deploymentId);
  const decision = decide({ desired: entry?.desired, record: entry?.record, observed, synced: scope.synced });
  if (decision.action === 'tidy') return tidy(scope, decision.remove);
  if (decision.action === 'teardown') await teardown(scope, entry!);
  else await deploy(scope, entry!, decision.plan, decision.remove);
  return 0;
}

export function maskOf(entry: DeploymentEntry): (line: string) => string {
  return entry.run ? entry.run.mask : createMasker(entry.masks);
}

export function teardownHost(scope: ConvergeScope): TeardownHost {
  const { docker, publishAddress, firewall, pluginKillAfterSeconds, log, emit } = scope.host;
  return { docker, nodeId: scope.nodeId, publishAddress, firewall, pluginKillAfterSeconds, log, emit };
}

async function tidy(scope: ConvergeScope, remove: readonly LabelledObject[]): Promise<number> {
  for (const object of remove) {
    scope.host.log.info(`cleanup: removing ${object.kind} ${object.name} (deployment ${object.deploymentId})`);
    await removeObject(scope.host.docker, object, 5).catch((error: Error) => scope.host.log.warn(`cleanup of ${object.name} failed: ${error.message}`));
  }
  return remove.length;
}

async function reportWithServices(scope: ConvergeScope, record: DeploymentRecord, outputs?: Record<string, Record<string, unknown>>): Promise<void> {
  const services = await observeServices(scope.host.docker, scope.nodeId, { deploymentId: record.id, withUsage: false }).catch(() => []);
  scope.host.emit('status', statusReport(record, services, outputs));
}

async function deploy(scope: ConvergeScope, entry: DeploymentEntry, plan: NonNullable<Extract<Desired, { want: 'running' }>['plan']>, stale: readonly LabelledObject[]): Promise<void> {
  const { host } = scope;
  // Objects of older generations of this deployment (a retry after a failure, say) go first.
  for (const object of stale) await removeObject(host.docker, object, 0).catch(() => undefined);
  const record = entry.record;
  const run = new DeploymentRun(
    {
      docker: host.docker,
      nodeId: scope.nodeId,
      publishAddress: host.publishAddress,
      firewall: host.firewall,
      pluginKillAfterSeconds: host.pluginKillAfterSeconds,
      emit: (type, payload) => host.emit(type, payload),
      rollbackRecorded: (stepId) => {
        record.rollbackSteps.push(stepId);
        void host.persist();
      },
    },
    plan,
  );
  run.addMasks(entry.masks);
  entry.run = run;
  const result = await run.start();
  // Stopping leaves the record `deploying` (the next start rolls it back); a newer deploy replaced the record.
  if (scope.stopping || scope.entry(record.id)?.record !== record) return;
  if (result.ok) {
    record.status = 'running';
    await host.persist();
    await reportWithServices(scope, record, run.outputs);
    return;
  }
  // Cancelled by a destroy: the converge that follows tears down.
  if (result.cancelled) return;
  host.log.warn(`deployment ${record.id} failed: ${result.error.code} ${result.error.message}; rolling back`);
  await undo(scope, entry, record, run.completedRollbacks, plan.gracefulStopSeconds ?? 30);
  record.status = 'failed';
  record.error = result.error;
  await host.persist();
  host.emit('status', statusReport(record, [], run.outputs));
}

async function teardown(scope: ConvergeScope, entry: DeploymentEntry): Promise<void> {
  const desired = entry.desired;
  if (desired.want !== 'absent') return;
  const record = entry.record;
  record.generation = Math.max(record.generation, desired.generation);
  await undo(scope, entry, record, rollbacksOwed(desired.rollbacks, record, entry.run?.completedRollbacks ?? []), desired.gracefulStopSeconds);
  record.status = 'deleted';
  delete record.error;
  delete record.pendingRollbacks;
  scope.host.emit('status', statusReport(record, []));
  scope.forget(record.id, record);
  await scope.host.persist();
}

/** Rollbacks (then no longer owed), then every container, volume and network of the deployment, logs archived. */
async function undo(scope: ConvergeScope, entry: DeploymentEntry, record: DeploymentRecord, rollbacks: readonly RollbackCall[], gracefulStopSeconds: number): Promise<void> {
  const teardown = {
    deploymentId: record.id,
    generation: record.generation,
    rollbacks,
    networkGeneration: entry.run?.plan.generation,
    ...(entry.run ? { context: entry.run.invocationContext() } : {}),
    gracefulStopSeconds,
    mask: maskOf(entry),
    archive: true,
  };
  const host = teardownHost(scope);
  await runRollbacks(host, teardown);
  Object.assign(record, withoutUndone(record, rollbacks));
  await removeDeploymentObjects(host, teardown);
}

/** Start-up: a deployment that was mid-pipeline when the agent stopped loses its objects at once and is reported failed. */
export async function rollBackInterrupted(scope: ConvergeScope, record: DeploymentRecord, nodeKnown: boolean): Promise<void> {
  scope.host.log.warn(`deployment ${record.id} was mid-pipeline when the agent stopped: removing its containers, network and volumes`);
  if (nodeKnown) await removeDeploymentObjects(teardownHost(scope), { deploymentId: record.id, generation: record.generation, rollbacks: [], gracefulStopSeconds: 0, mask: (l) => l, archive: false }).catch((error: Error) => scope.host.log.error(error.message));
  record.status = 'failed';
  record.error = { code: AgentErrorCode.agentRestarted, message: 'the agent restarted during the pipeline; containers, network and volumes were removed' };
  record.pendingRollbacks = [...record.rollbackSteps];
  scope.host.emit('status', statusReport(record, []));
}
