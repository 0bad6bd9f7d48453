// Secrets: the encryption key (checked at start-up: a missing or malformed NULLOPS_ENCRYPTION_KEY stops the
// control plane, except in local mode), `app.encryption` for every module that stores something encrypted,
// `app.decryptSecrets(projectId)` for plan rendering, and the project secret routes.
import fp from 'fastify-plugin';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigError, type Config } from '../../kernel/config.js';
import type { FeatureModule } from '../feature-module.js';
import { Encryption, EncryptionKeyError, generateEncryptionKey, parseEncryptionKey } from './encryption.js';
import { decryptSecrets } from './project-secrets.js';
import { secretsRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    encryption: Encryption;
    /** Every secret of the project, decrypted, by name — only to render a plan for an agent. */
    decryptSecrets(projectId: string, em?: EntityManager): Promise<Record<string, string>>;
  }
}

export function encryptionFromConfig(config: Config, warn: (message: string) => void): Encryption {
  if (!config.encryptionKey && config.localMode) {
    warn('no encryption key was configured in local mode; using a temporary one: encrypted values will not survive a restart');
    return new Encryption(parseEncryptionKey(generateEncryptionKey()));
  }
  try {
    return new Encryption(parseEncryptionKey(config.encryptionKey));
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw new ConfigError('encryptionKey', error.message);
    throw error;
  }
}

const services = fp(
  async (app) => {
    app.decorate('encryption', encryptionFromConfig(app.config, (message) => app.log.warn(message)));
    app.decorate('decryptSecrets', (projectId: string, em?: EntityManager) => decryptSecrets(em ?? (app.orm.em.fork() as EntityManager), app.encryption, projectId));
  },
  { name: 'nullops-secrets', dependencies: ['nullops-database'] },
);

export const secretsModule: FeatureModule = { name: 'secrets', services, routes: secretsRoutes };
