// The catalog's rows: container registries (credentials encrypted), services (an image with its tag
// rules, ports, env and health check) and installed plugin versions (manifest, pinned digest).
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { PluginManifest } from '../../contracts/component.js';
import type { Healthcheck, ServicePort } from '../../contracts/plan.js';

export interface ContainerRegistry {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'builtin' | 'username' | 'passwordEncrypted';
  id: string;
  name: string;
  url: string;
  username: string | null;
  /** AES-256-GCM ciphertext (see secrets/encryption.ts); never the password itself. */
  passwordEncrypted: string | null;
  /** Docker Hub, inserted by the migration. */
  builtin: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const ContainerRegistry = new EntitySchema<ContainerRegistry>({
  name: 'ContainerRegistry',
  tableName: 'container_registry',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string' },
    url: { type: 'string' },
    username: { type: 'string', nullable: true },
    passwordEncrypted: { type: 'text', nullable: true },
    builtin: { type: 'boolean', default: false },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});

export interface CatalogService {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string;
  name: string;
  registryId: string;
  image: string;
  tagMode: 'pinned' | 'selectable';
  tag: string | null;
  tagPattern: string | null;
  ports: ServicePort[];
  env: Record<string, string>;
  healthcheck: Healthcheck | null;
  createdAt: Date;
  updatedAt: Date;
}

export const CatalogService = new EntitySchema<CatalogService>({
  name: 'CatalogService',
  tableName: 'service',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string' },
    registryId: { type: 'uuid' },
    image: { type: 'string' },
    tagMode: { type: 'string' },
    tag: { type: 'string', nullable: true },
    tagPattern: { type: 'string', nullable: true },
    ports: { type: 'json' },
    env: { type: 'json' },
    healthcheck: { type: 'json', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});

export interface PluginVersion {
  [OptionalProps]?: 'installedAt' | 'installedBy';
  id: string;
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
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
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
