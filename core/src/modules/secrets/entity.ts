// A project's secret: a name and its value, encrypted. Names are readable by anyone who sees the project;
// values leave the database only decrypted into a plan for an agent.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface ProjectSecret {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string;
  projectId: string;
  name: string;
  valueEncrypted: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ProjectSecret = new EntitySchema<ProjectSecret>({
  name: 'ProjectSecret',
  tableName: 'project_secret',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    projectId: { type: 'uuid' },
    name: { type: 'string' },
    valueEncrypted: { type: 'text' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
