// The package API (interface 4 of the team's agreements): publish, read a package or a version, resolve
// a range, deprecate or yank a version, search, and count an install.
import type { FastifyPluginAsync } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Type, type Static } from '@sinclair/typebox';
import { Counter } from 'prom-client';
import semver from 'semver';
import { RegistryApiError, notFound } from '../kernel/errors.js';
import { identifyCaller, requirePublisherOf } from '../publishers/credentials.js';
import { Publisher } from '../publishers/entities.js';
import { publisherView } from '../publishers/routes.js';
import { Package, PackageVersion } from './entities.js';
import { resolveRange } from './latest-version.js';
import { publishVersion, refreshSummary } from './publish.js';
import { searchPackages } from './search.js';
import { SearchCache } from './search-cache.js';
import { SearchGate } from './search-gate.js';
import { NameParams, PackageView, Published, PublishRequest, SearchQuery, SearchResult, VersionChange, VersionParams, VersionRecord } from './schemas.js';

export function versionRecord(name: string, v: PackageVersion): VersionRecord {
  return {
    name,
    version: v.version,
    manifest: v.manifest as unknown as Record<string, unknown>,
    readme: v.readme,
    changelog: v.changelog,
    image: { reference: v.imageReference, digest: v.imageDigest },
    imageChecked: v.imageChecked,
    ...(v.deprecated ? { deprecated: v.deprecated } : {}),
    yanked: v.yanked,
    downloads: Number(v.downloads),
    publishedAt: v.publishedAt.toISOString(),
  };
}

async function findPackage(em: EntityManager, scope: string, name: string): Promise<Package> {
  const pkg = await em.findOne(Package, { name: `${scope}/${name}` });
  if (!pkg) throw notFound(`The package "${scope}/${name}"`);
  return pkg;
}

async function findVersion(em: EntityManager, pkg: Package, version: string): Promise<PackageVersion> {
  const found = await em.findOne(PackageVersion, { packageId: pkg.id, version });
  if (!found) throw notFound(`${pkg.name}@${version}`);
  return found;
}

interface VersionFactsRow {
  version: string;
  yanked: boolean;
  deprecated: string | null;
  downloads: string;
  published_at: Date;
}

/** Every version of the package, newest first, without its manifest, README or changelog. */
async function versionFacts(em: EntityManager, pkg: Package): Promise<VersionFactsRow[]> {
  const rows = (await em.getConnection().execute('select version, yanked, deprecated, downloads, published_at from package_version where package_id = ?', [pkg.id])) as VersionFactsRow[];
  return rows.sort((a, b) => semver.rcompare(a.version, b.version));
}

const ResolveQuery = Type.Object({ range: Type.String({ minLength: 1, maxLength: 200, description: 'a semver range: ^1.2, ~1.2.3, 1.x, or an exact version' }) }, { additionalProperties: false });

export const packageRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['packages'];

  app.post<{ Body: PublishRequest }>(
    '/packages',
    { bodyLimit: 4 * app.registryConfig.maxReadmeBytes + 1024 * 1024, schema: { tags, summary: 'Publish a plugin version (publisher token; the name must be in its scope)', security: [{ bearer: [] }], body: PublishRequest, response: { 201: Published } } },
    async (request, reply) => {
      const caller = await identifyCaller(request, request.em, app.adminToken);
      const published = await publishVersion(request.em, caller, request.body, app.registryConfig);
      return reply.status(201).send({ name: published.name, version: published.version, publishedAt: published.publishedAt.toISOString() });
    },
  );

  const gate = new SearchGate(app.registryConfig.searchConcurrency);
  // Answers are kept as the JSON body already serialised (by the route's response schema): a kept answer
  // is sent as it is. A refresh may outlive the request that started it, so it uses an entity manager of its own.
  // The response header `x-nullops-search-cache` says how it was answered (hit, stale, shared, miss).
  app.get<{ Querystring: SearchQuery }>('/search', { schema: { tags, summary: 'Search packages', querystring: SearchQuery, response: { 200: SearchResult } } }, async (request, reply) => {
    const search = async () => reply.serialize(await gate.run(() => searchPackages(app.orm.em.fork() as EntityManager, request.query))) as string;
    const body = await app.searchCache.get(SearchCache.key(request.query), search, (outcome) => reply.header('x-nullops-search-cache', outcome));
    return reply.type('application/json; charset=utf-8').send(body);
  });
  const outcomes = app.searchCache.outcomes;
  new Counter({
    name: 'nullops_registry_search_cache_total',
    help: 'Searches by how they were answered: hit (a kept answer), stale (a kept answer past its time, while one search refreshes it), shared (an identical search in flight), miss (the database)',
    labelNames: ['outcome'],
    registers: [app.metrics],
    collect() {
      this.reset();
      for (const [outcome, count] of Object.entries(outcomes)) this.inc({ outcome }, count);
    },
  });

  app.get<{ Params: Static<typeof NameParams> }>(
    '/packages/:scope/:name',
    { schema: { tags, summary: 'A package: its latest version’s README, schemas and changelog, and every version', params: NameParams, response: { 200: PackageView } } },
    async (request) => {
      const pkg = await findPackage(request.em, request.params.scope, request.params.name);
      // The latest version in full; of the others only what the version list shows (no manifests or READMEs).
      const publisher = await request.em.findOneOrFail(Publisher, { id: pkg.publisherId });
      const latest = await findVersion(request.em, pkg, pkg.latestVersion);
      const versions = await versionFacts(request.em, pkg);
      return {
        name: pkg.name,
        latestVersion: pkg.latestVersion,
        title: pkg.title,
        description: pkg.description,
        category: pkg.category,
        keywords: pkg.keywords,
        ...(pkg.icon ? { icon: pkg.icon } : {}),
        apiVersion: pkg.apiVersion,
        publisher: { scope: publisher.scope, displayName: publisher.displayName, official: publisher.official, verified: publisher.verified },
        ...(pkg.deprecated ? { deprecated: pkg.deprecated } : {}),
        downloads: Number(pkg.downloads),
        updatedAt: pkg.updatedAt.toISOString(),
        readme: latest.readme,
        changelog: latest.changelog,
        input: latest.manifest.input,
        output: latest.manifest.output,
        versions: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.published_at).toISOString(), yanked: v.yanked, ...(v.deprecated ? { deprecated: v.deprecated } : {}), downloads: Number(v.downloads) })),
        publisherDetails: publisherView(publisher),
      };
    },
  );

  app.get<{ Params: Static<typeof VersionParams> }>(
    '/packages/:scope/:name/versions/:version',
    { schema: { tags, summary: 'One version, yanked ones included (installing by exact version still works)', params: VersionParams, response: { 200: VersionRecord } } },
    async (request) => {
      const pkg = await findPackage(request.em, request.params.scope, request.params.name);
      return versionRecord(pkg.name, await findVersion(request.em, pkg, request.params.version));
    },
  );

  app.get<{ Params: Static<typeof NameParams>; Querystring: Static<typeof ResolveQuery> }>(
    '/packages/:scope/:name/resolve',
    { schema: { tags, summary: 'The highest version, not yanked, that satisfies a semver range', params: NameParams, querystring: ResolveQuery, response: { 200: VersionRecord } } },
    async (request) => {
      const pkg = await findPackage(request.em, request.params.scope, request.params.name);
      if (!semver.validRange(request.query.range)) throw new RegistryApiError('VALIDATION_FAILED', `"${request.query.range}" is not a semver range.`, { errors: [{ path: 'querystring/range', message: 'is not a semver range' }] });
      const chosen = resolveRange(await versionFacts(request.em, pkg), request.query.range);
      if (!chosen) throw notFound(`A version of ${pkg.name} that satisfies "${request.query.range}" (yanked versions excluded)`);
      return versionRecord(pkg.name, await findVersion(request.em, pkg, chosen.version));
    },
  );

  app.patch<{ Params: Static<typeof VersionParams>; Body: VersionChange }>(
    '/packages/:scope/:name/versions/:version',
    { schema: { tags, summary: 'Deprecate (with a message) or yank a version; the publisher of the scope or the registry admin', security: [{ bearer: [] }], params: VersionParams, body: VersionChange, response: { 200: VersionRecord } } },
    async (request) => {
      requirePublisherOf(await identifyCaller(request, request.em, app.adminToken), request.params.scope);
      const pkg = await findPackage(request.em, request.params.scope, request.params.name);
      const version = await findVersion(request.em, pkg, request.params.version);
      if (request.body.deprecated !== undefined) version.deprecated = request.body.deprecated;
      if (request.body.yanked !== undefined) version.yanked = request.body.yanked;
      await request.em.flush();
      await refreshSummary(request.em, pkg, version);
      return versionRecord(pkg.name, version);
    },
  );

  app.post<{ Params: Static<typeof VersionParams> }>(
    '/packages/:scope/:name/versions/:version/downloads',
    { schema: { tags, summary: 'Count an install of this version (control planes call it after installing)', params: VersionParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const pkg = await findPackage(request.em, request.params.scope, request.params.name);
      const version = await findVersion(request.em, pkg, request.params.version);
      await request.em.getConnection().execute('update package_version set downloads = downloads + 1 where id = ?', [version.id]);
      await request.em.getConnection().execute('update package set downloads = downloads + 1 where id = ?', [pkg.id]);
      return reply.status(204).send();
    },
  );
};
