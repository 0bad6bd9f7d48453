// Container registries as the rest of core uses them: with the password decrypted for a request to
// the registry or a plan's pull credentials, and the Docker Hub default.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PullAuth } from '../../contracts/index.js';
import { notFound } from '../../kernel/errors.js';
import type { Encryption } from '../secrets/encryption.js';
import { ContainerRegistry } from './entities.js';
import type { RegistryAccess } from './registry-client.js';

export const DOCKER_HUB_ID = '00000000-0000-4000-8000-000000000001';

export function registryAccess(registry: ContainerRegistry, encryption: Encryption): RegistryAccess {
  return { url: registry.url, username: registry.username, password: registry.passwordEncrypted ? encryption.decrypt(registry.passwordEncrypted) : null };
}

/** The credentials an agent pulls with, or undefined for anonymous pulls. */
export function pullAuthOf(registry: ContainerRegistry, encryption: Encryption): PullAuth | undefined {
  if (!registry.username || !registry.passwordEncrypted) return undefined;
  return { username: registry.username, password: encryption.decrypt(registry.passwordEncrypted) };
}

export async function findRegistry(em: EntityManager, id: string): Promise<ContainerRegistry> {
  const registry = await em.findOne(ContainerRegistry, { id });
  if (!registry) throw notFound('The registry');
  return registry;
}
