// Projects as resources: admins create, change and delete them; users see the ones the access rule shows
// them, each read carrying their effective access.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { notFound } from '../../kernel/errors.js';
import { refuseIfInUse } from '../deletion-guards.js';
import type { Level } from '../identity/access-rule.js';
import { ListOf, Paging } from '../list-shape.js';
import { Project } from './entity.js';
import { CreateProject, ProjectView, UpdateProject } from './schemas.js';
import { IdParams } from '../route-params.js';
import { flushUnlessTaken } from '../unique-names.js';

const projectNameTaken = (project: Project) => `A project named "${project.name}" already exists.`;

export function projectView(project: Project, access: Level): ProjectView {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    resources: project.resources,
    ttlHours: project.ttlHours,
    nodeSelector: project.nodeSelector,
    access,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}


export const projectsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['projects'];

  app.get<{ Querystring: Paging }>('/projects', { config: { access: 'user' }, schema: { tags, summary: 'Projects you may see', querystring: Paging, response: { 200: ListOf(ProjectView) } } }, async (request) => {
    const where = await request.visibleWhere<Project>('project', { project: 'id' });
    const [rows, total] = await request.em.findAndCount(Project, where, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    const items: ProjectView[] = [];
    for (const project of rows) items.push(projectView(project, (await request.accessTo({ kind: 'project', id: project.id })) as Level));
    return { items, total };
  });

  app.post<{ Body: CreateProject }>('/projects', { config: { access: 'admin' }, schema: { tags, summary: 'Create a project', body: CreateProject, response: { 201: ProjectView } } }, async (request, reply) => {
    const { name, description = '', resources, ttlHours = null, nodeSelector = {} } = request.body;
    const project = request.em.create(Project, { name, description, resources, ttlHours, nodeSelector });
    await flushUnlessTaken(request.em, projectNameTaken(project));
    request.auditTarget = { type: 'project', id: project.id };
    return reply.status(201).send(projectView(project, 'full'));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/projects/:id', { config: { access: 'project:read' }, schema: { tags, summary: 'Read a project', params: IdParams, response: { 200: ProjectView } } }, async (request) => {
    const project = await request.em.findOneOrFail(Project, { id: request.params.id });
    return projectView(project, (await request.accessTo({ kind: 'project', id: project.id })) as Level);
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: UpdateProject }>(
    '/projects/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a project', params: IdParams, body: UpdateProject, response: { 200: ProjectView } } },
    async (request) => {
      const project = await request.em.findOne(Project, { id: request.params.id });
      if (!project) throw notFound('The project');
      Object.assign(project, Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined)));
      await flushUnlessTaken(request.em, projectNameTaken(project));
      return projectView(project, 'full');
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/projects/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete a project', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const project = await request.em.findOne(Project, { id: request.params.id });
    if (!project) throw notFound('The project');
    await refuseIfInUse(app.deletionGuards.project, request.em, project.id, `Project "${project.name}"`);
    await request.em.nativeDelete(Project, { id: project.id });
    return reply.status(204).send();
  });
};
