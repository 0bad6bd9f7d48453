// The installed component catalog. Installing checks the manifest against the contract, checks that its
// input and output are JSON Schemas and that every secret is a write-only input, resolves the image's
// digest in its registry and pins it. Several versions of a plugin live side by side.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import semver from 'semver';
import { DnsLabel } from '../../contracts/index.js';
import { ApiError, notFound } from '../../kernel/errors.js';
import { checkPluginManifest } from '../../pipeline/index.js';
import { refuseIfInUse } from '../deletion-guards.js';
import { ListOf, Paging, page } from '../list-shape.js';
import { ContainerRegistry, PluginVersion } from './entities.js';
import { hostMatches, imageRepository, registryHost, repositoryPath, splitImageReference } from './image-reference.js';
import { DOCKER_HUB_ID, registryAccess } from './registries.js';
import { RegistryError } from './registry-client.js';
import { InstallFromSource, InstallPlugin, PluginDetail, PluginVersionView, PluginView } from './schemas.js';
import { pluginUsers } from './usage.js';
import { findPluginSourceOrNull, sourceAccess } from '../plugin-sources/routes.js';
import { countInstall, readSourceVersion, type SourceAccess, type SourceVersion } from '../plugin-sources/source-client.js';
import type { Encryption } from '../secrets/encryption.js';
import { flushUnlessTaken } from '../unique-names.js';

const NameParams = Type.Object({ scope: DnsLabel, name: DnsLabel });
const VersionParams = Type.Object({ scope: DnsLabel, name: DnsLabel, version: Type.String() });

type Problem = { path: string; message: string };

/** 422 PLUGIN_INVALID listing the problems, one per path (schema checkers often report a field twice). */
function invalid(all: Problem[], name?: string): ApiError {
  const problems = all.filter((p, i) => all.findIndex((o) => o.path === p.path) === i);
  const listed = problems.map((p) => `${p.path || '(manifest)'} ${p.message.replace(/\.$/, '')}`).join('; ');
  return new ApiError('PLUGIN_INVALID', `The plugin${name ? ` ${name}` : ''} cannot be installed: ${listed}.`, { errors: problems });
}

function versionView(plugin: PluginVersion, registry: ContainerRegistry | undefined): PluginVersionView {
  const m = plugin.manifest;
  return {
    name: plugin.name,
    version: plugin.version,
    title: m.title,
    description: m.description,
    category: m.category,
    keywords: m.keywords,
    ...(m.icon ? { icon: m.icon } : {}),
    image: `${plugin.imageRepository}@${plugin.digest}`,
    digest: plugin.digest,
    registry: { id: plugin.registryId, name: registry?.name ?? '(deleted)' },
    manifest: m as unknown as Record<string, unknown>,
    installedBy: plugin.installedBy,
    installedAt: plugin.installedAt.toISOString(),
  };
}

async function versionsOf(em: EntityManager, name: string): Promise<PluginVersion[]> {
  const rows = await em.find(PluginVersion, { name });
  return rows.sort((a, b) => semver.rcompare(a.version, b.version));
}

async function registriesById(em: EntityManager): Promise<Map<string, ContainerRegistry>> {
  return new Map((await em.find(ContainerRegistry, {})).map((r) => [r.id, r]));
}

/** The registry a plugin image is pulled from: the one named, or the one whose host the image names. */
async function registryFor(em: EntityManager, registryId: string | undefined, host: string | undefined): Promise<ContainerRegistry> {
  if (registryId) {
    const registry = await em.findOne(ContainerRegistry, { id: registryId });
    if (!registry) throw invalid([{ path: '/registryId', message: 'names no registry' }]);
    if (!hostMatches(host, registry.url)) {
      throw invalid([{ path: '/manifest/image', message: `names registry host "${host ?? 'docker.io'}", but registry "${registry.name}" is ${registryHost(registry.url)}` }]);
    }
    return registry;
  }
  if (!host) return em.findOneOrFail(ContainerRegistry, { id: DOCKER_HUB_ID });
  const match = (await em.find(ContainerRegistry, {})).find((r) => hostMatches(host, r.url));
  if (!match) throw invalid([{ path: '/manifest/image', message: `names registry host "${host}", which is not in the catalog: add the registry, or give registryId` }]);
  return match;
}

/** Reads the asked version (exact, or the highest that satisfies a range) from a plugin source. */
async function readFromSource(em: EntityManager, encryption: Encryption, body: InstallFromSource): Promise<{ record: SourceVersion; access: SourceAccess; wanted: string }> {
  const source = await findPluginSourceOrNull(em, body.source);
  if (!source) throw invalid([{ path: '/source', message: 'names no plugin source' }]);
  if ((body.version === undefined) === (body.range === undefined)) {
    throw new ApiError('VALIDATION_FAILED', 'Give exactly one of version (an exact version) or range (a semver range such as ^1.2).', { errors: [{ path: 'body/version', message: 'exactly one of version or range is required' }] });
  }
  if (body.range !== undefined && !semver.validRange(body.range)) throw new ApiError('VALIDATION_FAILED', `"${body.range}" is not a semver range.`, { errors: [{ path: 'body/range', message: 'is not a semver range' }] });
  const access = sourceAccess(source, encryption);
  return { record: await readSourceVersion(access, body.name, { version: body.version, range: body.range }), access, wanted: body.name };
}

export const pluginsRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['plugins'];

  app.get<{ Querystring: Paging }>(
    '/plugins',
    { config: { access: 'user' }, schema: { tags, summary: 'The installed component catalog: each plugin with its versions and latest manifest', querystring: Paging, response: { 200: ListOf(PluginView) } } },
    async (request) => {
      if (!(await request.seesCatalog())) return { items: [], total: 0 };
      const all = await request.em.find(PluginVersion, {}, { orderBy: { name: 'asc' } });
      const byName = new Map<string, PluginVersion[]>();
      for (const plugin of all) byName.set(plugin.name, [...(byName.get(plugin.name) ?? []), plugin]);
      const items: PluginView[] = [...byName.entries()].map(([name, versions]) => {
        versions.sort((a, b) => semver.rcompare(a.version, b.version));
        const latest = versions[0].manifest;
        return {
          name,
          latestVersion: latest.version,
          versions: versions.map((v) => v.version),
          title: latest.title,
          description: latest.description,
          category: latest.category,
          keywords: latest.keywords,
          ...(latest.icon ? { icon: latest.icon } : {}),
          manifest: latest as unknown as Record<string, unknown>,
        };
      });
      return page(items, request.query);
    },
  );

  app.post<{ Body: InstallPlugin }>(
    '/plugins',
    { config: { access: 'admin' }, schema: { tags, summary: 'Install a plugin version from its manifest, or from a plugin source by name and version or range; the image digest is resolved (or checked against the source’s) and pinned', body: InstallPlugin, response: { 201: PluginVersionView } } },
    async (request, reply) => {
      const fromSource = 'source' in request.body ? await readFromSource(request.em, app.encryption, request.body) : undefined;
      const candidate = fromSource ? fromSource.record.manifest : (request.body as { manifest: Record<string, unknown> }).manifest;
      const checked = checkPluginManifest(candidate);
      const named = candidate as { name?: unknown; version?: unknown };
      if (!checked.ok) throw invalid(checked.errors.map((e) => ({ path: `/manifest${e.path}`, message: e.message })), typeof named.name === 'string' && typeof named.version === 'string' ? `${named.name}@${named.version}` : undefined);
      const manifest = checked.manifest;
      const label = `${manifest.name}@${manifest.version}`;
      if (fromSource && manifest.name !== fromSource.wanted) throw invalid([{ path: '/manifest/name', message: `is "${manifest.name}", but "${fromSource.wanted}" was asked for` }], label);
      if (await request.em.findOne(PluginVersion, { name: manifest.name, version: manifest.version }, { fields: ['id'] })) {
        throw new ApiError('VERSION_EXISTS', `${label} is already installed; publish a new version instead.`);
      }

      // From a source, the image is the one the source pins (reference and digest); it must still be served by a registry of the catalog.
      const image = splitImageReference(fromSource ? fromSource.record.image.reference : manifest.image);
      const pinned = fromSource?.record.image.digest ?? image.digest;
      const registry = await registryFor(request.em, 'registryId' in request.body ? request.body.registryId : undefined, image.host);
      const repository = repositoryPath(registry.url, image.path);
      let digest: string;
      try {
        digest = await app.registryClient.resolveDigest(registryAccess(registry, app.encryption), repository, pinned ?? image.tag ?? 'latest');
      } catch (error) {
        if (error instanceof RegistryError && error.code === 'REGISTRY_NOT_FOUND') throw invalid([{ path: '/manifest/image', message: error.message }], label);
        if (error instanceof RegistryError) throw new ApiError(error.code, error.message);
        throw error;
      }
      if (pinned && pinned !== digest) {
        throw invalid([{ path: '/manifest/image', message: `pins ${pinned}, but the registry serves ${digest}` }], label);
      }

      const plugin = request.em.create(PluginVersion, {
        name: manifest.name,
        version: manifest.version,
        manifest,
        registryId: registry.id,
        imageRepository: imageRepository(registry.url, image.path),
        digest,
        installedBy: request.principal?.username ?? null,
      });
      await flushUnlessTaken(request.em, `${label} is already installed.`, 'VERSION_EXISTS');
      request.auditTarget = { type: 'plugin', id: plugin.id };
      if (fromSource) await countInstall(fromSource.access, manifest.name, manifest.version);
      // Agents pre-pull what the catalog offers: tell every connected node.
      request.afterCommit(() => app.pluginsChanged.tell());
      return reply.status(201).send(versionView(plugin, registry));
    },
  );

  app.get<{ Params: Static<typeof NameParams> }>(
    '/plugins/:scope/:name',
    { config: { access: 'catalog' }, schema: { tags, summary: 'Every installed version of a plugin, newest first', params: NameParams, response: { 200: PluginDetail } } },
    async (request) => {
      const name = `${request.params.scope}/${request.params.name}`;
      const versions = await versionsOf(request.em, name);
      if (versions.length === 0) throw notFound(`The plugin "${name}"`);
      const registries = await registriesById(request.em);
      return { name, versions: versions.map((v) => versionView(v, registries.get(v.registryId))) };
    },
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/plugins/:scope/:name/:version',
    { config: { access: 'catalog' }, schema: { tags, summary: 'One installed plugin version with its manifest', params: VersionParams, response: { 200: PluginVersionView } } },
    async (request) => {
      const name = `${request.params.scope}/${request.params.name}`;
      const plugin = await request.em.findOne(PluginVersion, { name, version: request.params.version });
      if (!plugin) throw notFound(`${name}@${request.params.version}`);
      return versionView(plugin, (await registriesById(request.em)).get(plugin.registryId));
    },
  );

  app.delete<{ Params: Static<typeof NameParams> }>(
    '/plugins/:scope/:name',
    { config: { access: 'admin' }, schema: { tags, summary: 'Uninstall every version of a plugin (none may be pinned by a pipeline version)', params: NameParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const name = `${request.params.scope}/${request.params.name}`;
      if ((await versionsOf(request.em, name)).length === 0) throw notFound(`The plugin "${name}"`);
      await refuseIfInUse([pluginUsers()], request.em, name, `Plugin "${name}"`);
      await request.em.nativeDelete(PluginVersion, { name });
      request.afterCommit(() => app.pluginsChanged.tell());
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Static<typeof VersionParams> }>(
    '/plugins/:scope/:name/:version',
    { config: { access: 'admin' }, schema: { tags, summary: 'Uninstall one plugin version no pipeline version pins', params: VersionParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const name = `${request.params.scope}/${request.params.name}`;
      const plugin = await request.em.findOne(PluginVersion, { name, version: request.params.version });
      if (!plugin) throw notFound(`${name}@${request.params.version}`);
      await refuseIfInUse([pluginUsers(plugin.version)], request.em, name, `${name}@${plugin.version}`);
      await request.em.nativeDelete(PluginVersion, { id: plugin.id });
      request.afterCommit(() => app.pluginsChanged.tell());
      return reply.status(204).send();
    },
  );
};
