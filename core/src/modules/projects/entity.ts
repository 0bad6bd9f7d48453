// A project: what can be deployed — its limits and defaults. Pipelines, secrets and deployments hang off it.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface Project {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'description';
  id: string;
  name: string;
  description: string;
  resources: { cpu: number; memoryMb: number };
  ttlHours: number | null;
  nodeSelector: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

export const Project = new EntitySchema<Project>({
  name: 'Project',
  tableName: 'project',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string' },
    description: { type: 'text', default: '' },
    resources: { type: 'json' },
    ttlHours: { type: 'double', nullable: true },
    nodeSelector: { type: 'json' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
