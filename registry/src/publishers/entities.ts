// Publishers own a scope (`acme/…`); their API tokens are stored as SHA-256 hashes (the tokens are
// 256-bit random, so a fast hash is enough), never in clear.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface Publisher {
  [OptionalProps]?: 'createdAt' | 'official' | 'verified' | 'domain' | 'verificationToken' | 'displayName';
  id: string;
  scope: string;
  displayName: string | null;
  /** Set by the registry's admin. */
  official: boolean;
  domain: string | null;
  /** What https://<domain>/.well-known/nullops-publisher must serve. */
  verificationToken: string | null;
  /** The publisher proved control of `domain`. */
  verified: boolean;
  createdAt: Date;
}

export const Publisher = new EntitySchema<Publisher>({
  name: 'Publisher',
  tableName: 'publisher',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    scope: { type: 'string', unique: true },
    displayName: { type: 'string', nullable: true },
    official: { type: 'boolean', default: false },
    domain: { type: 'string', nullable: true },
    verificationToken: { type: 'string', nullable: true },
    verified: { type: 'boolean', default: false },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export interface PublisherToken {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt';
  id: string;
  publisherId: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export const PublisherToken = new EntitySchema<PublisherToken>({
  name: 'PublisherToken',
  tableName: 'publisher_token',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    publisherId: { type: 'uuid' },
    name: { type: 'string' },
    tokenHash: { type: 'string', unique: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    lastUsedAt: { type: 'Date', nullable: true },
  },
});
