// The catalog's rows: container registries (credentials encrypted), services (an image with its tag
// rules, ports, env and health check) and installed plugin versions (manifest, pinned digest).
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { PluginManifest } from '../../contracts/component.js';
import type { Healthcheck, ServicePort } from '../../contracts/plan.js';
import { type EntityBase, type WithId, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export interface ContainerRegistry extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'builtin' | 'username' | 'passwordEncrypted';
  name: string;
  url: string;
  username: string | null;
  /** AES-256-GCM ciphertext (see secrets/encryption.ts); never the password itself. */
  passwordEncrypted: string | null;
  /** Docker Hub, inserted by the migration. */
  builtin: boolean;
}

export const ContainerRegistry = new EntitySchema<ContainerRegistry>({
  name: 'ContainerRegistry',
  tableName: 'container_registry',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    url: { type: 'string' },
    username: { type: 'string', nullable: true },
    passwordEncrypted: { type: 'text', nullable: true },
    builtin: { type: 'boolean', default: false },
    ...createdColumn,
    ...updatedColumn,
  },
});

export interface CatalogService extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  name: string;
  registryId: string;
  image: string;
  tagMode: 'pinned' | 'selectable';
  tag: string | null;
  tagPattern: string | null;
  ports: ServicePort[];
  env: Record<string, string>;
  healthcheck: Healthcheck | null;
}

export const CatalogService = new EntitySchema<CatalogService>({
  name: 'CatalogService',
  tableName: 'service',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    registryId: { type: 'uuid' },
    image: { type: 'string' },
    tagMode: { type: 'string' },
    tag: { type: 'string', nullable: true },
    tagPattern: { type: 'string', nullable: true },
    ports: { type: 'json' },
    env: { type: 'json' },
    healthcheck: { type: 'json', nullable: true },
    ...createdColumn,
    ...updatedColumn,
  },
});

export interface PluginVersion extends WithId {
  [OptionalProps]?: 'installedAt' | 'installedBy';
  /** `<scope>/<name>` */
  name: string;
  version: string;
  manifest: PluginManifest;
  registryId: string;
  /** The image without tag or digest, registry host included: what the digest is pulled from. */
  imageRepository: string;
  digest: string;
  installedBy: string | null;
  installedAt: Date;
}

export const PluginVersion = new EntitySchema<PluginVersion>({
  name: 'PluginVersion',
  tableName: 'plugin_version',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    version: { type: 'string' },
    manifest: { type: 'json' },
    registryId: { type: 'uuid' },
    imageRepository: { type: 'string' },
    digest: { type: 'string' },
    installedBy: { type: 'string', nullable: true },
    installedAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export const catalogEntities = [ContainerRegistry, CatalogService, PluginVersion];
