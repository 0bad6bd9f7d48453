// Local mode: the official component plugins are published into the local registry as the publisher
// `nullops`, marked official. Runs in-process with the registry's own publish check; versions already
// published are left as they are, so every start can call it.
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Package, PackageVersion } from './packages/entities.js';
import { publishVersion } from './packages/publish.js';
import type { PublishRequest } from './packages/schemas.js';
import { Publisher } from './publishers/entities.js';

export type PublishablePlugin = PublishRequest;

export const OFFICIAL_SCOPE = 'nullops';

/** Publishes what is missing; returns the `name@version`s it published. */
export async function publishOfficialPlugins(app: FastifyInstance, plugins: PublishablePlugin[]): Promise<string[]> {
  const em = app.orm.em.fork() as EntityManager;
  let publisher = await em.findOne(Publisher, { scope: OFFICIAL_SCOPE });
  if (!publisher) publisher = em.create(Publisher, { id: randomUUID(), scope: OFFICIAL_SCOPE, displayName: 'NullOps', official: true });
  publisher.official = true;
  await em.flush();
  const published: string[] = [];
  for (const plugin of plugins) {
    const { name, version } = plugin.manifest as { name: string; version: string };
    const pkg = await em.findOne(Package, { name });
    if (pkg && (await em.count(PackageVersion, { packageId: pkg.id, version }))) continue;
    await publishVersion(em, { kind: 'publisher', publisher }, plugin, app.registryConfig);
    published.push(`${name}@${version}`);
  }
  return published;
}
