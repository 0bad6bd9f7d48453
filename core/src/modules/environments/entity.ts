// An environment: a group of nodes with a base domain and a default TTL; deployments run in one.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type EntityBase, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export interface Environment extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  name: string;
  baseDomain: string;
  ttlHours: number;
  ingressScheme: 'http' | 'https' | null;
  ingressPort: number | null;
}

export const Environment = new EntitySchema<Environment>({
  name: 'Environment',
  tableName: 'environment',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    baseDomain: { type: 'string' },
    ttlHours: { type: 'double' },
    ingressScheme: { type: 'string', nullable: true },
    ingressPort: { type: 'integer', nullable: true },
    ...createdColumn,
    ...updatedColumn,
  },
});
