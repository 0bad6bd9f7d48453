// Local mode: the official component plugins are published into the local registry as the publisher
// `nullops`, marked official. Runs in-process with the registry's own publish check (manifest, scope,
// the image's label read from the image registry that serves it). Every start can call it: a version
// already published is left as it is — except that when the same image (same digest) is now served at
// another address (local mode's loopback image registry moved to another port), its reference follows.
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageVersion } from './packages/entities.js';
import { publishVersion } from './packages/publish.js';
import type { PublishRequest } from './packages/schemas.js';
import { Publisher } from './publishers/entities.js';

export type PublishablePlugin = PublishRequest;

export const OFFICIAL_SCOPE = 'nullops';

export interface OfficialPublishReport {
  /** `name@version`s published now. */
  published: string[];
  /** Already published with this image; nothing changed. */
  present: string[];
  /** Already published with this image, now served at another address: the reference was updated. */
  relocated: string[];
  /** Already published with another image (a changed plugin needs a new version): left as it was. */
  differing: string[];
}

export async function publishOfficialPlugins(app: FastifyInstance, plugins: PublishablePlugin[]): Promise<OfficialPublishReport> {
  const em = app.orm.em.fork() as EntityManager;
  let publisher = await em.findOne(Publisher, { scope: OFFICIAL_SCOPE });
  if (!publisher) publisher = em.create(Publisher, { id: randomUUID(), scope: OFFICIAL_SCOPE, displayName: 'NullOps', official: true });
  publisher.official = true;
  await em.flush();
  const report: OfficialPublishReport = { published: [], present: [], relocated: [], differing: [] };
  for (const plugin of plugins) {
    const { name, version } = plugin.manifest as { name: string; version: string };
    const label = `${name}@${version}`;
    const pkg = await em.findOne(Package, { name });
    const existing = pkg ? await em.findOne(PackageVersion, { packageId: pkg.id, version }) : null;
    if (!existing) {
      await publishVersion(em, { kind: 'publisher', publisher }, plugin, app.registryConfig);
      report.published.push(label);
    } else if (existing.imageDigest !== plugin.image.digest) {
      report.differing.push(label);
    } else if (existing.imageReference !== plugin.image.reference) {
      existing.imageReference = plugin.image.reference;
      existing.manifest = { ...existing.manifest, image: plugin.image.reference };
      await em.flush();
      report.relocated.push(label);
    } else {
      report.present.push(label);
    }
  }
  app.searchCache.clear();
  return report;
}

/** One line for the person starting the registry. */
export function describeOfficialPublish(report: OfficialPublishReport): string {
  const parts = [`${report.published.length} official plugin version(s) published${report.published.length ? ` (${report.published.join(', ')})` : ''}`, `${report.present.length + report.relocated.length} already there`];
  if (report.relocated.length) parts.push(`${report.relocated.length} now served at a new address`);
  if (report.differing.length) parts.push(`${report.differing.join(', ')} published earlier from another build, kept (a changed plugin needs a new version)`);
  return parts.join('; ');
}
