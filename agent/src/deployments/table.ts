// The deployment table: the desired state per deployment (written by deploy, destroy and sync after
// their checks) beside the agent's record of what it did, and one converge() at a time per
// deployment (serial-queues.ts) to bring Docker there. Cleanup converges whatever Docker has that is
// idle. The connection (../connection) and logs (../logs) only read it.
import { AgentErrorCode, type Deploy, type Destroy, type Sync } from '@nullops/core/contracts';
import { RequestError } from '../connection/request-error.js';
import { listLabelledObjects } from '../docker/labelled-objects.js';
import { observeServices } from '../observability/service-observation.js';
import type { DeploymentRecord } from '../state/state-file.js';
import { converge, maskOf, rollBackInterrupted, type ConvergeHost, type ConvergeScope, type DeploymentEntry } from './converge.js';
import { statusReport } from './decide.js';
import { recordForUnknown, refuseDeploy, refuseDestroy, syncOutcome } from './desired.js';
import { byDeployment, observeNode } from './observed.js';
import { adoptedEntry, restoredEntry } from './recovery.js';
import { SerialQueues } from './serial-queues.js';

export class DeploymentTable implements ConvergeScope {
  private readonly entries = new Map<string, DeploymentEntry>();
  private readonly queues: SerialQueues<number>;
  private knownNodeId: string | undefined;
  synced = false;
  stopping = false;
  private cleaning = false;
  /** A cleanup was asked for (by a sync, say) while one ran: it runs again once that one ends. */
  private cleanAgain = false;

  constructor(
    readonly host: ConvergeHost,
    nodeId: string | undefined,
  ) {
    this.knownNodeId = nodeId;
    this.queues = new SerialQueues((id, error) => host.log.error(`deployment ${id}: ${error.stack ?? error.message}`));
  }

  /** The node id this agent labels objects with; undefined until a sync (or the start options) told it. */
  get maybeNodeId(): string | undefined {
    return this.knownNodeId;
  }

  /** For converge(), which only runs once the node id is known. */
  get nodeId(): string {
    return this.knownNodeId!;
  }

  entry(id: string): DeploymentEntry | undefined {
    return this.entries.get(id);
  }

  forget(id: string, record: DeploymentRecord): void {
    if (this.entries.get(id)?.record === record) this.entries.delete(id);
  }

  records(): DeploymentRecord[] {
    return [...this.entries.values()].map((e) => e.record);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The deployment's masker, bound to its row so secrets added later apply; undefined for an unknown deployment. */
  masker(id: string): ((line: string) => string) | undefined {
    const entry = this.entries.get(id);
    return entry && ((line) => maskOf(entry)(line));
  }

  private schedule(id: string): Promise<number | undefined> {
    return this.queues.run(id, (key) => converge(this, key));
  }

  // ---------- requests ----------

  deploy({ seq, plan }: Deploy): { accepted: true } {
    const existing = this.entries.get(plan.deploymentId);
    const refusal = refuseDeploy(plan, existing?.record, !!this.knownNodeId);
    if (refusal) throw new RequestError(refusal.code, refusal.message);
    existing?.run?.cancel();
    const record: DeploymentRecord = { id: plan.deploymentId, generation: plan.generation, seq, status: 'deploying', rollbackSteps: [] };
    this.entries.set(plan.deploymentId, { desired: { want: 'running', generation: plan.generation, plan }, record, masks: [...plan.masks] });
    void this.host.persist();
    this.host.emit('status', statusReport(record, []));
    void this.schedule(plan.deploymentId);
    return { accepted: true };
  }

  destroy(request: Destroy): { accepted: true } {
    const existing = this.entries.get(request.deploymentId);
    const refusal = refuseDestroy(request, existing?.record, !!this.knownNodeId);
    if (refusal) throw new RequestError(refusal.code, refusal.message);
    const entry = existing ?? { desired: { want: 'running', generation: request.generation }, record: recordForUnknown(request), masks: [] };
    this.entries.set(request.deploymentId, entry);
    entry.desired = { want: 'absent', generation: request.generation, gracefulStopSeconds: request.gracefulStopSeconds, rollbacks: request.rollbacks };
    entry.record.seq = Math.max(entry.record.seq, request.seq);
    entry.masks = [...new Set([...entry.masks, ...request.masks, ...(entry.run?.secretValues ?? [])])];
    entry.run?.addMasks(request.masks);
    entry.run?.cancel();
    void this.schedule(request.deploymentId);
    return { accepted: true };
  }

  /** The whole desired state: learns the node id, adds masks, destroys what is not wanted, then cleans up. */
  async sync(sync: Sync): Promise<{ deployments: number }> {
    const learned = this.knownNodeId !== sync.nodeId;
    if (learned && this.knownNodeId) this.host.log.warn(`node id changes from ${this.knownNodeId} to ${sync.nodeId}`);
    this.knownNodeId = sync.nodeId;
    if (learned) await this.adoptFromLabels();
    for (const desired of sync.deployments) {
      const entry = this.entries.get(desired.id);
      if (!entry) continue;
      entry.masks = [...new Set([...entry.masks, ...desired.masks])];
      entry.run?.addMasks(desired.masks);
    }
    const outcome = syncOutcome(sync, this.records());
    for (const { id, generation } of outcome.unknown) {
      this.host.emit('status', { deploymentId: id, generation, status: 'failed', error: { code: AgentErrorCode.unknownDeployment, message: 'this agent has nothing of this deployment' }, services: [] });
    }
    for (const { id, generation } of outcome.remove) {
      // Already being destroyed: that destroy's rollbacks stand.
      if (this.entries.get(id)?.desired.want === 'absent') continue;
      this.host.log.info(`sync: deployment ${id} is not wanted here; removing it`);
      this.destroy({ seq: sync.seq, deploymentId: id, generation, reason: 'deleted', gracefulStopSeconds: 10, masks: [], rollbacks: [] });
    }
    this.synced = true;
    await this.host.persist();
    void this.cleanup();
    return { deployments: this.entries.size };
  }

  // ---------- convergence of the whole node ----------

  /** Orphan cleanup: converges every deployment Docker has objects of whose queue is idle (which removes nothing before the first sync). */
  async cleanup(): Promise<number> {
    if (!this.knownNodeId || this.stopping) return 0;
    if (this.cleaning) {
      this.cleanAgain = true;
      return 0;
    }
    this.cleaning = true;
    try {
      const observed = await observeNode(this.host.docker, this.knownNodeId);
      const idle = [...observed.keys()].filter((id) => !this.queues.busy(id));
      const removed = await Promise.all(idle.map((id) => this.schedule(id)));
      const live = [...this.entries.values()].filter((e) => this.queues.busy(e.record.id) || e.record.status === 'running' || e.record.status === 'deploying');
      if (this.synced) await this.host.firewall.releaseUnknown(new Set(live.map((e) => e.record.id)));
      return removed.reduce<number>((sum, n) => sum + (n ?? 0), 0);
    } finally {
      this.cleaning = false;
      if (this.cleanAgain) {
        this.cleanAgain = false;
        void this.cleanup();
      }
    }
  }

  // ---------- start and stop ----------

  /** Start-up: the state file's records; pipelines a previous run left half-done are rolled back; labelled objects adopted. */
  async restore(nodeId: string | undefined, records: readonly DeploymentRecord[]): Promise<void> {
    this.knownNodeId ??= nodeId;
    for (const record of records) this.entries.set(record.id, restoredEntry(record));
    for (const { record } of this.entries.values()) {
      if (record.status !== 'deploying') continue;
      await rollBackInterrupted(this, record, !!this.knownNodeId);
    }
    await this.adoptFromLabels();
    await this.host.persist();
  }

  /** Deployments Docker has objects of but the table does not know (state lost): known again, kept until a sync says otherwise. */
  private async adoptFromLabels(): Promise<void> {
    if (!this.knownNodeId) return;
    const objects = byDeployment(await listLabelledObjects(this.host.docker, this.knownNodeId).catch(() => []));
    const services = await observeServices(this.host.docker, this.knownNodeId, { withUsage: false }).catch(() => []);
    for (const [id, mine] of objects) {
      if (this.entries.has(id)) continue;
      const entry = adoptedEntry(id, mine, services);
      this.host.log.info(`adopting deployment ${id} (generation ${entry.record.generation}) from Docker labels`);
      this.entries.set(id, entry);
    }
  }

  /** Ends running pipelines without removing anything (the next start rolls them back) and waits for every converge. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const entry of this.entries.values()) entry.run?.cancel();
    await this.queues.idle();
  }
}
