// Starting a deployment, shared by create, clone and retry: check the chosen tags by rendering the plan,
// place it on a node with the configured checks, and only then record it — so a refusal leaves nothing.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { PlanRenderError } from '../../pipeline/index.js';
import { ApiError } from '../../kernel/errors.js';
import { CatalogService } from '../catalog/entities.js';
import { Environment } from '../environments/entity.js';
import type { Node } from '../nodes/entity.js';
import { placementFor, type PlacementAnswer } from '../nodes/placement.js';
import { PipelineVersion } from '../pipelines/entity.js';
import { planFor } from '../pipelines/catalog-view.js';
import { Project } from '../projects/entity.js';
import { Deployment, type DeploymentService } from './entities.js';
import { expiresAt, ttlHours } from './expiry.js';
import { flushUnlessTaken } from '../unique-names.js';

export interface LaunchRequest {
  project: Project;
  environment: Environment;
  name: string;
  versions: Record<string, string>;
  createdBy: string;
}

export async function latestPipeline(em: EntityManager, project: Project): Promise<PipelineVersion> {
  const [latest] = await em.find(PipelineVersion, { projectId: project.id }, { orderBy: { version: 'desc' }, limit: 1 });
  if (!latest) throw new ApiError('PIPELINE_INVALID', `Project "${project.name}" has no pipeline yet: save a pipeline version first.`, { errors: [] });
  return latest;
}

/** Renders the plan to check that the tags are allowed and every reference resolves (422 otherwise). */
export async function checkRenders(app: FastifyInstance, em: EntityManager, request: LaunchRequest, pipeline: PipelineVersion): Promise<void> {
  try {
    await planFor(em, app.encryption, { project: request.project, environment: request.environment, pipeline, deployment: { id: randomUUID(), name: request.name, generation: 1 }, versions: request.versions });
  } catch (error) {
    if (error instanceof PlanRenderError) {
      const code = error.code === 'VERSION_REQUIRED' || error.code === 'TAG_NOT_ALLOWED' ? error.code : 'PIPELINE_INVALID';
      throw new ApiError(code, error.message, { ...(error.stepId ? { stepId: error.stepId } : {}), reason: error.code, errors: [{ stepId: error.stepId, path: '', message: error.message }] });
    }
    throw error;
  }
}

/** The environment's node that best fits the project; refuses (nothing created) when none does. */
export async function chooseNode(app: FastifyInstance, em: EntityManager, project: Project, environment: Environment): Promise<Node> {
  const { answer, node } = await placementFor(app, em, project, environment);
  if (node) return node;
  const refused = answer as Extract<PlacementAnswer, { shortfalls: unknown }>;
  if (refused.reason) throw new ApiError('NO_NODE_ONLINE', `${refused.reason} Nothing was created.`);
  const summary = refused.shortfalls.map((s) => `${s.node.name}: ${s.shortfalls.map((x) => x.message).join('; ')}`).join(' | ');
  throw new ApiError('RESOURCES_EXHAUSTED', `No node of environment "${environment.name}" has room for project "${project.name}" (${project.resources.cpu} CPU, ${project.resources.memoryMb} MiB); nothing was created. ${summary}`, { nodes: refused.shortfalls });
}

export async function servicesOf(em: EntityManager, pipeline: PipelineVersion): Promise<DeploymentService[]> {
  const steps = pipeline.definition.steps.filter((s) => s.kind === 'service');
  const catalog = new Map((await em.find(CatalogService, { name: { $in: steps.map((s) => s.service) } })).map((s) => [s.name, s]));
  return steps.map((step) => ({
    id: step.id,
    service: step.service,
    ingress: (catalog.get(step.service)?.ports ?? []).some((p) => p.ingress),
    status: 'pending',
    health: 'none',
    publishedPort: null,
    restartCount: 0,
  }));
}

/** Creates the deployment; its lifecycle starts it once `afterCommit` says the row is visible to it. */
export async function launch(app: FastifyInstance, em: EntityManager, request: LaunchRequest, afterCommit: (work: () => unknown) => void = (work) => work()): Promise<Deployment> {
  const existing = await em.findOne(Deployment, { environmentId: request.environment.id, name: request.name, status: { $ne: 'deleted' } });
  if (existing) throw new ApiError('NAME_TAKEN', `Environment "${request.environment.name}" already has a deployment named "${request.name}".`);
  const pipeline = await latestPipeline(em, request.project);
  await checkRenders(app, em, request, pipeline);
  const node = await chooseNode(app, em, request.project, request.environment);
  const now = new Date();
  const deployment = em.create(Deployment, {
    name: request.name,
    projectId: request.project.id,
    environmentId: request.environment.id,
    nodeId: node.id,
    status: 'pending',
    pipelineVersion: pipeline.version,
    versions: request.versions,
    resources: request.project.resources,
    services: await servicesOf(em, pipeline),
    error: null,
    outputsEncrypted: null,
    createdBy: request.createdBy,
    lastActivityAt: now,
    expiresAt: expiresAt(now, ttlHours(request.project, request.environment)),
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  });
  await flushUnlessTaken(em, `Environment "${request.environment.name}" already has a deployment named "${request.name}".`);
  afterCommit(app.deployments.lifecycle.launched(deployment));
  return deployment;
}

export async function projectAndEnvironment(em: EntityManager, projectId: string, environmentId: string): Promise<{ project: Project; environment: Environment }> {
  const project = await em.findOne(Project, { id: projectId });
  const environment = await em.findOne(Environment, { id: environmentId });
  if (!project) throw new ApiError('NOT_FOUND', 'The project was not found.');
  if (!environment) throw new ApiError('NOT_FOUND', 'The environment was not found.');
  return { project, environment };
}
