// A project: what can be deployed — its limits and defaults. Pipelines, secrets and deployments hang off it.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type EntityBase, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export interface Project extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'description';
  name: string;
  description: string;
  resources: { cpu: number; memoryMb: number };
  ttlHours: number | null;
  nodeSelector: Record<string, string>;
}

export const Project = new EntitySchema<Project>({
  name: 'Project',
  tableName: 'project',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    description: { type: 'text', default: '' },
    resources: { type: 'json' },
    ttlHours: { type: 'double', nullable: true },
    nodeSelector: { type: 'json' },
    ...createdColumn,
    ...updatedColumn,
  },
});
