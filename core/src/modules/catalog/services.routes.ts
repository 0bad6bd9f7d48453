// Services: an image in a registry with its tag rules (pinned to one tag, or selectable within a glob),
// ports, env and health check. Signed-in users read them and their tags (to pick versions); admins write.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, notFound } from '../../kernel/errors.js';
import { checkTagPattern, filterTags } from '../../pipeline/index.js';
import { refuseIfInUse } from '../deletion-guards.js';
import { ListOf, Paging, page } from '../list-shape.js';
import { CatalogService, ContainerRegistry } from './entities.js';
import { imageRepository, repositoryPath } from './image-reference.js';
import { findRegistry, registryAccess } from './registries.js';
import { RegistryError } from './registry-client.js';
import { CreateService, ServiceView, TagList, UpdateService } from './schemas.js';
import { serviceUsers } from './usage.js';
import { IdParams } from '../route-params.js';
import { flushUnlessTaken } from '../unique-names.js';


export function serviceView(service: CatalogService, registry: ContainerRegistry): ServiceView {
  return {
    id: service.id,
    name: service.name,
    registry: { id: registry.id, name: registry.name },
    image: service.image,
    imageReference: imageRepository(registry.url, service.image),
    tagMode: service.tagMode,
    tag: service.tag,
    tagPattern: service.tagPattern,
    ports: service.ports,
    env: service.env,
    healthcheck: service.healthcheck,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}

/** The rules a service's fields must keep together; every broken one is listed. */
export function serviceProblems(service: Pick<CatalogService, 'tagMode' | 'tag' | 'tagPattern' | 'ports' | 'healthcheck'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (service.tagMode === 'pinned' && !service.tag) problems.push({ path: 'body/tag', message: 'is required when tagMode is "pinned"' });
  if (service.tagMode === 'pinned' && service.tagPattern) problems.push({ path: 'body/tagPattern', message: 'applies to selectable services only; a pinned service runs its one tag' });
  if (service.tagPattern) {
    const pattern = checkTagPattern(service.tagPattern);
    if (!pattern.ok) problems.push({ path: 'body/tagPattern', message: pattern.message });
  }
  if (service.ports.filter((p) => p.ingress).length > 1) problems.push({ path: 'body/ports', message: 'at most one port may have ingress: true' });
  const names = service.ports.map((p) => p.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length) problems.push({ path: 'body/ports', message: `port names must be unique; repeated: ${[...new Set(repeated)].join(', ')}` });
  const hc = service.healthcheck;
  if (hc && hc.type !== 'command' && !names.includes(hc.port)) problems.push({ path: 'body/healthcheck/port', message: `names port "${hc.port}", which the service does not have` });
  return problems;
}

function refuseProblems(problems: { path: string; message: string }[]): void {
  if (problems.length === 0) return;
  throw new ApiError('VALIDATION_FAILED', `The service is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, { errors: problems });
}

const save = (em: EntityManager, service: CatalogService) => flushUnlessTaken(em, `A service named "${service.name}" already exists.`);

async function findService(em: EntityManager, id: string): Promise<{ service: CatalogService; registry: ContainerRegistry }> {
  const service = await em.findOne(CatalogService, { id });
  if (!service) throw notFound('The service');
  return { service, registry: await em.findOneOrFail(ContainerRegistry, { id: service.registryId }) };
}

export function registryApiError(error: unknown): unknown {
  return error instanceof RegistryError ? new ApiError(error.code, error.message) : error;
}

export const servicesRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['services'];

  app.get<{ Querystring: Paging }>('/services', { config: { access: 'user' }, schema: { tags, summary: 'Services of the catalog', querystring: Paging, response: { 200: ListOf(ServiceView) } } }, async (request) => {
    if (!(await request.seesCatalog())) return { items: [], total: 0 };
    const [services, total] = await request.em.findAndCount(CatalogService, {}, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
    const registries = await request.em.find(ContainerRegistry, { id: { $in: [...new Set(services.map((s) => s.registryId))] } });
    const byId = new Map(registries.map((r) => [r.id, r]));
    return { items: services.map((s) => serviceView(s, byId.get(s.registryId)!)), total };
  });

  app.post<{ Body: CreateService }>('/services', { config: { access: 'admin' }, schema: { tags, summary: 'Add a service', body: CreateService, response: { 201: ServiceView } } }, async (request, reply) => {
    const body = request.body;
    const fields = { ...body, tag: body.tag ?? null, tagPattern: body.tagPattern ?? null, env: body.env ?? {}, healthcheck: body.healthcheck ?? null };
    refuseProblems(serviceProblems(fields));
    const registry = await findRegistry(request.em, body.registryId).catch(() => {
      throw new ApiError('VALIDATION_FAILED', `Registry ${body.registryId} does not exist.`, { errors: [{ path: 'body/registryId', message: 'names no registry' }] });
    });
    const service = request.em.create(CatalogService, fields);
    await save(request.em, service);
    request.auditTarget = { type: 'service', id: service.id };
    return reply.status(201).send(serviceView(service, registry));
  });

  app.get<{ Params: Static<typeof IdParams> }>('/services/:id', { config: { access: 'catalog' }, schema: { tags, summary: 'Read a service', params: IdParams, response: { 200: ServiceView } } }, async (request) => {
    const { service, registry } = await findService(request.em, request.params.id);
    return serviceView(service, registry);
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: UpdateService }>(
    '/services/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Change a service', params: IdParams, body: UpdateService, response: { 200: ServiceView } } },
    async (request) => {
      const { service } = await findService(request.em, request.params.id);
      const body = request.body;
      if (body.name !== undefined && body.name !== service.name) {
        // Pipelines name services; renaming one they use would break them.
        await refuseIfInUse([serviceUsers], request.em, service.name, `Service "${service.name}" (renaming it)`);
      }
      const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
      Object.assign(service, changes);
      if (service.tagMode === 'pinned' && body.tagPattern === undefined) service.tagPattern = null;
      refuseProblems(serviceProblems(service));
      const registry = await findRegistry(request.em, service.registryId).catch(() => {
        throw new ApiError('VALIDATION_FAILED', `Registry ${service.registryId} does not exist.`, { errors: [{ path: 'body/registryId', message: 'names no registry' }] });
      });
      await save(request.em, service);
      return serviceView(service, registry);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>('/services/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Delete a service no pipeline uses', params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    const { service } = await findService(request.em, request.params.id);
    await refuseIfInUse([serviceUsers], request.em, service.name, `Service "${service.name}"`);
    await request.em.nativeDelete(CatalogService, { id: service.id });
    return reply.status(204).send();
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Paging }>(
    '/services/:id/tags',
    {
      config: { access: 'catalog' },
      schema: {
        tags,
        summary: "The tags a deployment may choose: read live from the registry, filtered by the service's pattern, newest first",
        params: IdParams,
        querystring: Paging,
        response: { 200: TagList },
      },
    },
    async (request) => {
      const { service, registry } = await findService(request.em, request.params.id);
      if (service.tagMode === 'pinned') return { items: [{ tag: service.tag! }], total: 1 };
      const repository = repositoryPath(registry.url, service.image);
      const all = await app.tagCache
        .get(`${registry.id}\0${registry.updatedAt.getTime()}\0${repository}`, () => app.registryClient.listTags(registryAccess(registry, app.encryption), repository))
        .catch((error) => {
          throw registryApiError(error);
        });
      return page(
        filterTags(all, service.tagPattern).map((tag) => ({ tag })),
        request.query,
      );
    },
  );
};
