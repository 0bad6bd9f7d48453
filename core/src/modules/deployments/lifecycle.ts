// The deployment lifecycle: the one home of every change to a deployment's status and generation. The
// deployment routes (create, retry, delete), the reaper, the node routes (a forced node deletion) and
// what agents report (report intake, node links) all come here; the rules themselves are the pure
// decisions of transitions.ts. A change made inside a caller's unit of work returns what to do once it
// is committed (announce it, recompute the routes, tell the agent); the caller flushes, then runs it.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AgentErrorCode, type Destroy, type StatusEvent } from '../../contracts/index.js';
import type { AgentCommands } from './agent-commands.js';
import { Deployment, type DeploymentService } from './entities.js';
import type { LiveEvents } from './live-events.js';
import type { RoutePublisher } from './route-publisher.js';
import { afterHello, isLeaving, mergeServices, removalOf, servicesRemoved, statusAfterOutage, statusAfterReport, type AgentReported } from './transitions.js';

/** Work to run once the change it follows is committed. */
export type AfterCommit = () => Promise<void>;

export interface LifecycleParts {
  live: LiveEvents;
  routes: RoutePublisher;
  commands: AgentCommands;
}

export class DeploymentLifecycle {
  constructor(
    private readonly app: FastifyInstance,
    private readonly parts: LifecycleParts,
  ) {}

  private fork(): EntityManager {
    return this.app.orm.em.fork() as EntityManager;
  }

  /** Tells whoever follows the live stream the deployment's status. */
  announce(deployment: Deployment): void {
    this.parts.live.publish({ type: 'deployment', id: deployment.id, projectId: deployment.projectId, environmentId: deployment.environmentId, status: deployment.status, name: deployment.name, at: new Date().toISOString() });
  }

  /** The status changed in a way the ingress may care about: announced, and the routes recomputed. */
  changed(deployment: Deployment): void {
    this.announce(deployment);
    this.parts.routes.schedule();
  }

  // ---- asked by users, the reaper and admins ------------------------------------------------------

  /** A deployment just recorded as `pending` (create, clone): once committed, its plan goes to its node. */
  launched(deployment: Deployment): AfterCommit {
    return async () => {
      this.changed(deployment);
      void this.deploy(deployment.id);
    };
  }

  /** Runs a failed deployment again as a new attempt and generation, on `next.nodeId` with the latest pipeline. */
  retry(deployment: Deployment, next: { nodeId: string; pipelineVersion: number; services: DeploymentService[] }): AfterCommit {
    deployment.nodeId = next.nodeId;
    deployment.generation += 1;
    deployment.attempt += 1;
    deployment.pipelineVersion = next.pipelineVersion;
    deployment.services = next.services;
    deployment.status = 'pending';
    deployment.error = null;
    deployment.outputsEncrypted = null;
    return this.launched(deployment);
  }

  /**
   * Starts removing a deployment (DELETE by a user, or `expired` by the reaper): a deploying one is
   * cancelled (rolled back), a live one deleted, as a new generation. Null when it cannot be removed now.
   */
  remove(deployment: Deployment, by: string, because?: 'expired'): AfterCommit | null {
    const removal = removalOf(deployment.status);
    if (!removal) return null;
    const reason = because ?? removal.reason;
    deployment.status = removal.status;
    deployment.generation += 1;
    deployment.deletedBy = by;
    deployment.deleteReason = reason;
    return async () => {
      this.announce(deployment);
      await this.destroy(deployment.id, reason);
    };
  }

  /** The node of these deployments is being deleted by force (it is unreachable): they are gone with it. */
  nodeDeleted(deployments: Deployment[], by: string): AfterCommit {
    const now = new Date();
    for (const deployment of deployments) {
      deployment.status = 'deleted';
      deployment.deletedAt = now;
      deployment.deletedBy = by;
      deployment.deleteReason = 'node-deleted';
    }
    return async () => {
      for (const deployment of deployments) this.announce(deployment);
      this.parts.routes.schedule();
    };
  }

  // ---- telling the agent --------------------------------------------------------------------------

  /** Hands the deployment's plan to its node. Failure to do so fails the deployment. */
  private async deploy(deploymentId: string): Promise<void> {
    const em = this.fork();
    const deployment = await em.findOneOrFail(Deployment, { id: deploymentId });
    try {
      await this.parts.commands.deploy(em, deployment);
    } catch (error) {
      deployment.status = 'failed';
      deployment.error = { code: (error as { code?: string }).code ?? AgentErrorCode.deployFailed, message: `The deployment could not be started: ${(error as Error).message}` };
      await em.flush();
      this.changed(deployment);
    }
  }

  /** Tells the node to remove the deployment; one that never had a node is deleted at once. */
  async destroy(deploymentId: string, reason: Destroy['reason']): Promise<void> {
    const em = this.fork();
    const deployment = await em.findOneOrFail(Deployment, { id: deploymentId });
    if (!deployment.nodeId) {
      deployment.status = 'deleted';
      deployment.services = servicesRemoved(deployment.services);
      deployment.deletedAt ??= new Date();
      await em.flush();
      this.announce(deployment);
      return;
    }
    await this.parts.commands.destroy(em, deployment as Deployment & { nodeId: string }, reason);
    this.parts.routes.schedule();
  }

  // ---- what agents report (the caller flushes, then announces what changed) ------------------------

  /** The first progress of a pending deployment's pipeline: it is deploying. True when that changed it. */
  beginsDeploying(deployment: Deployment): boolean {
    if (deployment.status !== 'pending') return false;
    deployment.status = 'deploying';
    return true;
  }

  /**
   * A `status` report of the current generation: status, error, services, outputs and pending rollbacks.
   * True when the agent rolled back without calling plugins' `rollback` (it restarted): the calls must be sent.
   */
  reported(deployment: Deployment, event: StatusEvent): { rollbacksToSend: boolean } {
    deployment.status = statusAfterReport(deployment.status, event.status);
    if (event.error) deployment.error = event.error;
    else if (event.status === 'running') deployment.error = null;
    deployment.pendingRollbacks = event.pendingRollbacks ?? [];
    // Deleted or failed, the agent has removed the containers: no service still looks running or healthy.
    deployment.services = ['deleted', 'failed'].includes(event.status) ? servicesRemoved(deployment.services) : mergeServices(deployment.services, event.services);
    if (event.outputs && Object.keys(event.outputs).length) {
      deployment.outputsEncrypted = this.app.encryption.encrypt(JSON.stringify({ ...this.parts.commands.outputsOf(deployment), ...event.outputs }));
    }
    if (deployment.status === 'deleted') deployment.deletedAt ??= new Date();
    return { rollbacksToSend: event.status === 'failed' && deployment.pendingRollbacks.length > 0 && !isLeaving(deployment.status) };
  }

  /** The node stayed unreachable past the grace period: what it was running or deploying is offline. */
  wentOffline(deployments: Deployment[]): void {
    for (const deployment of deployments) if (['pending', 'deploying', 'running'].includes(deployment.status)) deployment.status = 'offline';
  }

  /** The node is back: its offline deployments count as before the outage until its agent reports. */
  cameBack(deployments: Deployment[]): void {
    for (const deployment of deployments) if (deployment.status === 'offline') deployment.status = statusAfterOutage(deployment.services);
  }

  /**
   * What a reconnected agent's `hello` says about one of its node's deployments. Answers the removal to
   * send again, if any; a changed status is the caller's to announce.
   */
  helloSays(deployment: Deployment, known: { generation: number; status: AgentReported } | undefined): { changed: boolean; destroy?: 'cancelled' | 'deleted' } {
    const verdict = afterHello(deployment, known);
    switch (verdict.kind) {
      case 'destroy':
        return { changed: false, destroy: verdict.reason };
      case 'status':
        deployment.status = verdict.status;
        return { changed: true };
      case 'lost':
        deployment.status = 'failed';
        deployment.error = { code: AgentErrorCode.agentLostDeployment, message: 'The node no longer has this deployment (its agent lost its state). Retry it to deploy it again.' };
        return { changed: true };
      case 'unchanged':
        return { changed: false };
    }
  }
}
