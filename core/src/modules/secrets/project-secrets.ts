// Reading and writing a project's secrets: values go in encrypted and come out only through
// decryptSecrets, which the deployments module calls to render a plan.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Encryption } from './encryption.js';
import { ProjectSecret } from './entity.js';

/** Every secret of the project, decrypted, by name. */
export async function decryptSecrets(em: EntityManager, encryption: Encryption, projectId: string): Promise<Record<string, string>> {
  const rows = await em.find(ProjectSecret, { projectId }, { orderBy: { name: 'asc' } });
  return Object.fromEntries(rows.map((row) => [row.name, encryption.decrypt(row.valueEncrypted)]));
}

export async function secretNames(em: EntityManager, projectId: string): Promise<string[]> {
  const rows = await em.find(ProjectSecret, { projectId }, { fields: ['name'], orderBy: { name: 'asc' } });
  return rows.map((row) => row.name);
}
