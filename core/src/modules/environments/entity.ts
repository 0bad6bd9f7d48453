// An environment: a group of nodes with a base domain and a default TTL; deployments run in one.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface Environment {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string;
  name: string;
  baseDomain: string;
  ttlHours: number;
  ingressScheme: 'http' | 'https' | null;
  ingressPort: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const Environment = new EntitySchema<Environment>({
  name: 'Environment',
  tableName: 'environment',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string' },
    baseDomain: { type: 'string' },
    ttlHours: { type: 'double' },
    ingressScheme: { type: 'string', nullable: true },
    ingressPort: { type: 'integer', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
