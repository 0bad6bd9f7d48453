// A project's pipeline: immutable versions (each save is version n+1, with its author, time and the
// plugin versions and digests it pinned), validation as the studio draws, and a dry-run that renders the
// plan a deployment would get without deploying anything.
import type { FastifyPluginAsync } from 'fastify';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, notFound } from '../../kernel/errors.js';
import { PIPELINE_LIMITS, PlanRenderError, validatePipeline, type PipelineDefinition } from '../../pipeline/index.js';
import { Environment } from '../environments/entity.js';
import { ListOf, Paging } from '../list-shape.js';
import { Project } from '../projects/entity.js';
import { redactedPlanFor, validationContext } from './catalog-view.js';
import { PipelineVersion } from './entity.js';
import { placementFor } from '../nodes/placement.js';
import { IdParams, IdParamsWith } from '../route-params.js';
import { DryRunBody, DryRunView, SaveVersion, ValidateBody, ValidationView, VersionSummary, VersionView } from './schemas.js';

const VersionParams = IdParamsWith({ version: Type.Integer({ minimum: 1 }) });

function summary(row: Pick<PipelineVersion, 'version' | 'message' | 'createdById' | 'createdByName' | 'createdAt'>) {
  return {
    version: row.version,
    message: row.message,
    createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

function versionView(row: PipelineVersion): VersionView {
  return { ...summary(row), definition: row.definition as unknown as Record<string, unknown>, resolved: row.resolved };
}

async function findProject(em: EntityManager, id: string): Promise<Project> {
  const project = await em.findOne(Project, { id });
  if (!project) throw notFound('The project');
  return project;
}

async function latestVersion(em: EntityManager, projectId: string): Promise<PipelineVersion | null> {
  return em.findOne(PipelineVersion, { projectId }, { orderBy: { version: 'desc' } });
}

export const pipelinesRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['pipelines'];

  app.get<{ Params: Static<typeof IdParams> }>(
    '/projects/:id/pipeline',
    { config: { access: 'project:read' }, schema: { tags, summary: "The project's latest pipeline version", params: IdParams, response: { 200: VersionView } } },
    async (request) => {
      const latest = await latestVersion(request.em, request.params.id);
      if (!latest) throw new ApiError('NOT_FOUND', 'This project has no pipeline yet: save a first version with POST /projects/:id/pipeline/versions.');
      return versionView(latest);
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Paging }>(
    '/projects/:id/pipeline/versions',
    { config: { access: 'project:read' }, schema: { tags, summary: 'Saved pipeline versions, newest first', params: IdParams, querystring: Paging, response: { 200: ListOf(VersionSummary) } } },
    async (request) => {
      const [rows, total] = await request.em.findAndCount(
        PipelineVersion,
        { projectId: request.params.id },
        { orderBy: { version: 'desc' }, fields: ['version', 'message', 'createdById', 'createdByName', 'createdAt'], limit: request.query.limit, offset: request.query.offset },
      );
      return { items: rows.map(summary), total };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: SaveVersion }>(
    '/projects/:id/pipeline/versions',
    {
      bodyLimit: PIPELINE_LIMITS.maxBodyBytes,
      config: { access: 'admin', audit: 'pipeline.save' },
      schema: { tags, summary: 'Save a new pipeline version (validated; plugin ranges pinned to a version and digest)', params: IdParams, body: SaveVersion, response: { 201: VersionView } },
    },
    async (request, reply) => {
      const project = await findProject(request.em, request.params.id);
      const result = validatePipeline(request.body.definition, await validationContext(request.em, project));
      if (!result.valid) {
        throw new ApiError('PIPELINE_INVALID', `The pipeline is not valid: ${result.errors.map((e) => e.message).join(' ')}`, { errors: result.errors });
      }
      // Two saves at once both read version n; the unique (project, version) lets one win, the other retries.
      // Each attempt is a savepoint inside the request's transaction, so a lost race leaves it usable.
      for (let attempt = 0; ; attempt++) {
        try {
          const row = await request.em.transactional(async (em) => {
            const previous = await latestVersion(em, project.id);
            return em.create(PipelineVersion, {
              id: randomUUID(),
              projectId: project.id,
              version: (previous?.version ?? 0) + 1,
              definition: result.definition,
              resolved: result.resolved,
              message: request.body.message ?? '',
              createdById: request.principal?.userId ?? null,
              createdByName: request.principal?.username ?? null,
            });
          });
          request.auditTarget = { type: 'project', id: project.id };
          return reply.status(201).send(versionView(row));
        } catch (error) {
          if (!(error instanceof UniqueConstraintViolationException) || attempt >= 4) throw error;
        }
      }
    },
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/projects/:id/pipeline/versions/:version',
    { config: { access: 'project:read' }, schema: { tags, summary: 'One saved pipeline version', params: VersionParams, response: { 200: VersionView } } },
    async (request) => {
      const row = await request.em.findOne(PipelineVersion, { projectId: request.params.id, version: request.params.version });
      if (!row) throw notFound(`Pipeline version ${request.params.version}`);
      return versionView(row);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: ValidateBody }>(
    '/projects/:id/pipeline/validate',
    { bodyLimit: PIPELINE_LIMITS.maxBodyBytes, config: { access: 'project:read', audit: 'pipeline.validate' }, schema: { tags, summary: 'Check a definition against the catalog and this project, without saving', params: IdParams, body: ValidateBody, response: { 200: ValidationView } } },
    async (request) => {
      const project = await findProject(request.em, request.params.id);
      const result = validatePipeline(request.body.definition, await validationContext(request.em, project));
      return { valid: result.valid, errors: result.errors };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: DryRunBody }>(
    '/projects/:id/pipeline/dry-run',
    {
      bodyLimit: PIPELINE_LIMITS.maxBodyBytes,
      config: { access: 'project:read', audit: 'pipeline.dry-run' },
      schema: {
        tags,
        summary: 'Validate, render the plan a deployment would get (secrets redacted) and run placement; nothing is deployed',
        params: IdParams,
        body: DryRunBody,
        response: { 200: DryRunView },
      },
    },
    async (request) => {
      const project = await findProject(request.em, request.params.id);
      const environment = await request.em.findOne(Environment, { id: request.body.environmentId });
      if (!environment) throw notFound('The environment');
      let definition: unknown = request.body.definition;
      if (definition === undefined) {
        const latest = await latestVersion(request.em, project.id);
        if (!latest) throw new ApiError('NOT_FOUND', 'This project has no pipeline yet: give a definition, or save a version first.');
        definition = latest.definition;
      }
      const result = validatePipeline(definition, await validationContext(request.em, project));
      if (!result.valid) return { valid: false, errors: result.errors, plan: null, placement: null };
      try {
        const plan = await redactedPlanFor(request.em, app.encryption, {
          project,
          environment,
          pipeline: { definition: result.definition as PipelineDefinition, resolved: result.resolved },
          deployment: { id: '00000000-0000-4000-8000-000000000000', name: 'dry-run', generation: 1 },
          versions: request.body.versions ?? {},
        });
        return { valid: true, errors: [], plan, placement: (await placementFor(app, request.em, project, environment)).answer };
      } catch (error) {
        if (!(error instanceof PlanRenderError)) throw error;
        return { valid: false, errors: [{ code: error.code, ...(error.stepId ? { stepId: error.stepId } : {}), path: '/versions', message: error.message }], plan: null, placement: null };
      }
    },
  );
};
