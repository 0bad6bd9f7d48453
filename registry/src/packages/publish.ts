// Publishing a version: the manifest must pass the contract's one check (shape, JSON Schemas that
// compile, secrets), its name must be in the caller's scope, the image reference must name the
// manifest's image, README and changelog must fit, and — when the image's container registry answers —
// the image's manifest label must be this manifest. Versions are immutable.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkPluginManifest } from '@nullops/core/pipeline';
import type { PluginManifest } from '@nullops/core/contracts';
import { RegistryApiError, unlessTaken } from '../kernel/errors.js';
import { requirePublisherOf, type Caller } from '../publishers/credentials.js';
import { Publisher } from '../publishers/entities.js';
import { Package, PackageVersion } from './entities.js';
import { readManifestLabel, repositoryOf } from './image-label.js';
import { latestVersion } from './latest-version.js';
import type { PublishRequest } from './schemas.js';

export interface PublishLimits {
  maxReadmeBytes: number;
  imageCheckTimeoutMs: number;
}

type Problem = { path: string; message: string };

function invalid(problems: Problem[], label?: string): RegistryApiError {
  const listed = problems.map((p) => `${p.path || '(manifest)'} ${p.message.replace(/\.$/, '')}`).join('; ');
  return new RegistryApiError('PLUGIN_INVALID', `${label ?? 'The plugin'} cannot be published: ${listed}.`, { errors: problems });
}

/** JSON with object keys sorted, so two manifests compare by content. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What the image's label says against the published manifest: null when they agree. */
export function labelMismatch(label: string | undefined, manifest: PluginManifest): string | null {
  if (label === undefined) return 'the image carries no dev.nullops.plugin.manifest label: build it with `nullops-plugin build`';
  let parsed: unknown;
  try {
    parsed = JSON.parse(label);
  } catch {
    return 'the image’s dev.nullops.plugin.manifest label is not JSON';
  }
  const checked = checkPluginManifest(parsed);
  if (!checked.ok) return 'the image’s dev.nullops.plugin.manifest label is not a valid manifest';
  if (canonicalJson(checked.manifest) === canonicalJson(manifest)) return null;
  const l = checked.manifest;
  return `the image’s label describes ${l.name}@${l.version}${l.name === manifest.name && l.version === manifest.version ? ' with different content' : ''}, not this manifest: rebuild the image from this manifest`;
}

export async function publishVersion(em: EntityManager, caller: Caller, body: PublishRequest, limits: PublishLimits): Promise<PackageVersion & { name: string }> {
  if (caller.kind === 'anonymous') throw new RegistryApiError('UNAUTHENTICATED', 'Publishing needs a publisher token: Authorization: Bearer <token>.');
  const checked = checkPluginManifest(body.manifest);
  const claimed = body.manifest as { name?: unknown; version?: unknown };
  const claimedLabel = typeof claimed.name === 'string' && typeof claimed.version === 'string' ? `${claimed.name}@${claimed.version}` : undefined;
  if (!checked.ok) throw invalid(checked.errors.map((e) => ({ path: `/manifest${e.path}`, message: e.message })), claimedLabel);
  const manifest = checked.manifest;
  const label = `${manifest.name}@${manifest.version}`;
  const scope = manifest.name.split('/')[0];
  requirePublisherOf(caller, scope);

  for (const field of ['readme', 'changelog'] as const) {
    const size = Buffer.byteLength(body[field] ?? '', 'utf8');
    if (size > limits.maxReadmeBytes) {
      throw new RegistryApiError('PAYLOAD_TOO_LARGE', `The ${field} of ${label} is ${size} bytes; this registry accepts at most ${limits.maxReadmeBytes}.`, { field, size, limit: limits.maxReadmeBytes });
    }
  }
  if (repositoryOf(body.image.reference) !== repositoryOf(manifest.image)) {
    throw invalid([{ path: '/image/reference', message: `names ${repositoryOf(body.image.reference)}, but the manifest’s image is ${repositoryOf(manifest.image)}` }], label);
  }

  const publisher = caller.kind === 'publisher' ? caller.publisher : await em.findOne(Publisher, { scope });
  if (!publisher) throw new RegistryApiError('NOT_FOUND', `No publisher owns the scope "${scope}": create it first (POST /publishers).`);
  let pkg = await em.findOne(Package, { name: manifest.name });
  if (pkg && (await em.count(PackageVersion, { packageId: pkg.id, version: manifest.version }))) {
    throw new RegistryApiError('VERSION_EXISTS', `${label} is already published; versions are immutable, publish a new version.`);
  }

  const reading = await readManifestLabel(body.image.reference, body.image.digest, limits.imageCheckTimeoutMs);
  if (reading.reachable && 'missing' in reading) throw invalid([{ path: '/image/digest', message: reading.missing }], label);
  if (reading.reachable) {
    const mismatch = labelMismatch(reading.label, manifest);
    if (mismatch) throw invalid([{ path: '/image', message: mismatch }], label);
  }

  const fork = em.fork();
  const published = fork.transactional(async (tx) => {
    pkg = await tx.findOne(Package, { name: manifest.name });
    if (!pkg) {
      pkg = tx.create(Package, { id: randomUUID(), ...summaryOf(manifest, publisher.id) });
      await tx.flush();
    }
    const version = tx.create(PackageVersion, {
      id: randomUUID(),
      packageId: pkg.id,
      version: manifest.version,
      manifest,
      readme: body.readme ?? '',
      changelog: body.changelog ?? '',
      imageReference: body.image.reference,
      imageDigest: body.image.digest,
      imageChecked: reading.reachable,
      deprecated: null,
    });
    await tx.flush();
    await refreshSummary(tx, pkg);
    return Object.assign(version, { name: manifest.name });
  });
  return unlessTaken(published, 'VERSION_EXISTS', `${label} is already published; versions are immutable, publish a new version.`);
}

function summaryOf(manifest: PluginManifest, publisherId: string) {
  return {
    name: manifest.name,
    publisherId,
    latestVersion: manifest.version,
    title: manifest.title,
    description: manifest.description,
    category: manifest.category,
    keywords: manifest.keywords,
    keywordsText: manifest.keywords.join(' '),
    icon: manifest.icon ?? null,
    apiVersion: manifest.apiVersion,
  };
}

/** Points the package row at its latest version (after a publish, yank or deprecation). */
export async function refreshSummary(em: EntityManager, pkg: Package): Promise<void> {
  const versions = await em.find(PackageVersion, { packageId: pkg.id });
  const latest = latestVersion(versions);
  const { name: _name, publisherId: _publisher, ...summary } = summaryOf(latest.manifest, pkg.publisherId);
  Object.assign(pkg, summary, { deprecated: latest.deprecated, updatedAt: new Date() });
  await em.flush();
}
