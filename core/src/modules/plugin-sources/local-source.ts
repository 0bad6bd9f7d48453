// For the composition root: points the named plugin source at a URL (adding it when missing), as
// `nullops up` does for its local registry on every start (the port may change between starts).
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PluginSource } from './entity.js';

export async function registerPluginSource(app: FastifyInstance, source: { name: string; url: string }): Promise<void> {
  const em = app.orm.em.fork();
  const existing = await em.findOne(PluginSource, { name: source.name });
  if (existing) existing.url = source.url;
  else em.create(PluginSource, { id: randomUUID(), name: source.name, url: source.url, tokenEncrypted: null });
  await em.flush();
}
