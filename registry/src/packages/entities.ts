// A package is a plugin name with its versions. The package row carries a summary of its latest
// version (what search reads, with a generated full-text vector); versions are immutable except for
// `deprecated` and `yanked`.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { PluginManifest } from '@nullops/core/contracts';
import { randomUUID } from 'node:crypto';

export interface Package {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'downloads' | 'deprecated' | 'icon';
  id: string;
  /** `<scope>/<name>` */
  name: string;
  publisherId: string;
  latestVersion: string;
  title: string;
  description: string;
  category: string;
  keywords: string[];
  /** Space-joined keywords: what the full-text vector is generated from. */
  keywordsText: string;
  icon: string | null;
  apiVersion: string;
  /** The latest version's deprecation message. */
  deprecated: string | null;
  downloads: number;
  createdAt: Date;
  updatedAt: Date;
}

export const Package = new EntitySchema<Package>({
  name: 'Package',
  tableName: 'package',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string', unique: true },
    publisherId: { type: 'uuid' },
    latestVersion: { type: 'string' },
    title: { type: 'text' },
    description: { type: 'text' },
    category: { type: 'string' },
    keywords: { type: 'json' },
    keywordsText: { type: 'text' },
    icon: { type: 'text', nullable: true },
    apiVersion: { type: 'string' },
    deprecated: { type: 'text', nullable: true },
    downloads: { type: 'bigint', default: 0, runtimeType: 'number' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export interface PackageVersion {
  [OptionalProps]?: 'publishedAt' | 'downloads' | 'deprecated' | 'yanked';
  id: string;
  packageId: string;
  version: string;
  manifest: PluginManifest;
  readme: string;
  changelog: string;
  imageReference: string;
  imageDigest: string;
  /** Whether the image's label was read and matched at publish (false: its registry was not reachable). */
  imageChecked: boolean;
  deprecated: string | null;
  yanked: boolean;
  downloads: number;
  publishedAt: Date;
}

export const PackageVersion = new EntitySchema<PackageVersion>({
  name: 'PackageVersion',
  tableName: 'package_version',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    packageId: { type: 'uuid' },
    version: { type: 'string' },
    manifest: { type: 'json' },
    readme: { type: 'text' },
    changelog: { type: 'text' },
    imageReference: { type: 'text' },
    imageDigest: { type: 'string' },
    imageChecked: { type: 'boolean' },
    deprecated: { type: 'text', nullable: true },
    yanked: { type: 'boolean', default: false },
    downloads: { type: 'bigint', default: 0, runtimeType: 'number' },
    publishedAt: { type: 'Date', onCreate: () => new Date() },
  },
});
