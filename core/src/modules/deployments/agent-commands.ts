// What the control plane tells agents about deployments: `deploy` (the rendered plan), `destroy` (with the
// `rollback` calls of the plugin steps that ran) and `sync` (a node's whole desired state and every plugin
// image to pre-pull). Sends only; what the answers mean for the rows is the lifecycle's.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_GRACEFUL_STOP_SECONDS, type Destroy, type Plan, type RollbackCall } from '../../contracts/index.js';
import { preparePluginParams } from '../../pipeline/run-params.js';
import { ContainerRegistry, PluginVersion } from '../catalog/entities.js';
import { pullAuthOf } from '../catalog/registries.js';
import { Environment } from '../environments/entity.js';
import { PipelineVersion } from '../pipelines/entity.js';
import { planFor } from '../pipelines/catalog-view.js';
import { Project } from '../projects/entity.js';
import { Deployment } from './entities.js';
import { desiredOnAgent } from './transitions.js';

export class AgentCommands {
  constructor(
    private readonly app: FastifyInstance,
    private readonly log: FastifyBaseLogger,
    private readonly gracefulStopSeconds = DEFAULT_GRACEFUL_STOP_SECONDS,
  ) {}

  private fork(): EntityManager {
    return this.app.orm.em.fork() as EntityManager;
  }

  /** Renders the deployment's plan and hands it to its node; throws when that fails. */
  async deploy(em: EntityManager, deployment: Deployment): Promise<void> {
    const plan = await this.planOf(em, deployment);
    await this.app.agents.request(deployment.nodeId!, 'deploy', { plan });
  }

  /**
   * Tells the deployment's node to remove it (cancelling a pipeline in progress), undoing plugin work
   * through `rollback` calls. An offline node is told when it reconnects.
   */
  async destroy(em: EntityManager, deployment: Deployment & { nodeId: string }, reason: Destroy['reason']): Promise<void> {
    const [rollbacks, masks] = await Promise.all([this.rollbacksOf(em, deployment), this.masksOf(em, deployment)]);
    try {
      await this.app.agents.request(deployment.nodeId, 'destroy', {
        deploymentId: deployment.id,
        generation: deployment.generation,
        reason,
        gracefulStopSeconds: this.gracefulStopSeconds,
        masks,
        rollbacks,
      });
    } catch (error) {
      this.log.warn({ deploymentId: deployment.id, error: (error as Error).message }, 'destroy not delivered now; the node is told when it reconnects');
    }
  }

  /** Sends every connected node the whole desired state again (after the plugin catalog changed). */
  syncAll(): void {
    for (const nodeId of this.app.agents.onlineNodes()) this.app.agents.inOrder(nodeId, async () => void (await this.sync(nodeId)), 'sending the desired state');
  }

  /** Sends a node its whole desired state: its deployments and every plugin image to pre-pull. Answers the deployments. */
  async sync(nodeId: string): Promise<Deployment[]> {
    const em = this.fork();
    const deployments = await em.find(Deployment, { nodeId, status: { $ne: 'deleted' } });
    const plugins = await em.find(PluginVersion, {});
    const registries = new Map((await em.find(ContainerRegistry, {})).map((r) => [r.id, r]));
    const desired = [];
    for (const deployment of deployments) {
      const wanted = desiredOnAgent(deployment.status);
      desired.push({ id: deployment.id, generation: deployment.generation, desired: wanted, masks: wanted === 'running' ? await this.masksOf(em, deployment) : [] });
    }
    await this.app.agents.request(nodeId, 'sync', {
      nodeId,
      deployments: desired,
      plugins: plugins.map((p) => {
        const registry = registries.get(p.registryId);
        const pullAuth = registry ? pullAuthOf(registry, this.app.encryption) : undefined;
        return { name: p.name, version: p.version, image: p.imageRepository, digest: p.digest, ...(pullAuth ? { pullAuth } : {}) };
      }),
    });
    return deployments;
  }

  /** The project's secret values an agent masks in everything it prints about the deployment. */
  async masksOf(em: EntityManager, deployment: Pick<Deployment, 'projectId'>): Promise<string[]> {
    const secrets = await this.app.decryptSecrets(deployment.projectId, em);
    return Object.values(secrets).filter((value) => value.length >= 3);
  }

  /** The plugin outputs the deployment's steps reported, decrypted. */
  outputsOf(deployment: Deployment): Record<string, Record<string, unknown>> {
    if (!deployment.outputsEncrypted) return {};
    return JSON.parse(this.app.encryption.decrypt(deployment.outputsEncrypted));
  }

  /**
   * The `rollback` calls for the plugin steps that completed: taken from the deployment's plan, rendered
   * again, so image, credentials, manifest and params (expressions resolved) are what the run had.
   */
  private async rollbacksOf(em: EntityManager, deployment: Deployment): Promise<RollbackCall[]> {
    const outputs = this.outputsOf(deployment);
    if (!Object.keys(outputs).length) return [];
    const plan = await this.planOf(em, deployment);
    const calls: RollbackCall[] = [];
    for (const step of plan.steps) {
      if (step.kind !== 'component' || !outputs[step.id] || !step.manifest.actions.includes('rollback')) continue;
      // The params the run had: outputs of the steps before in place, the input schema's defaults applied.
      const prepared = preparePluginParams(step.manifest.input, step.params, outputs);
      const params = prepared.ok ? prepared.value : step.params;
      calls.push({ stepId: step.id, image: step.image, ...(step.pullAuth ? { pullAuth: step.pullAuth } : {}), manifest: step.manifest, params, outputs: outputs[step.id] });
    }
    return calls;
  }

  private async planOf(em: EntityManager, deployment: Deployment): Promise<Plan> {
    const [project, environment, pipeline] = await Promise.all([
      em.findOneOrFail(Project, { id: deployment.projectId }),
      em.findOneOrFail(Environment, { id: deployment.environmentId }),
      em.findOneOrFail(PipelineVersion, { projectId: deployment.projectId, version: deployment.pipelineVersion }),
    ]);
    return planFor(em, this.app.encryption, {
      project,
      environment,
      pipeline,
      deployment: { id: deployment.id, name: deployment.name, generation: deployment.generation, attempt: deployment.attempt, gracefulStopSeconds: this.gracefulStopSeconds },
      versions: deployment.versions,
    });
  }
}
