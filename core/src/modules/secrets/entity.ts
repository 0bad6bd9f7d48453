// A project's secret: a name and its value, encrypted. Names are readable by anyone who sees the project;
// values leave the database only decrypted into a plan for an agent.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type EntityBase, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export interface ProjectSecret extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  projectId: string;
  name: string;
  valueEncrypted: string;
}

export const ProjectSecret = new EntitySchema<ProjectSecret>({
  name: 'ProjectSecret',
  tableName: 'project_secret',
  properties: {
    ...idColumn,
    projectId: { type: 'uuid' },
    name: { type: 'string' },
    valueEncrypted: { type: 'text' },
    ...createdColumn,
    ...updatedColumn,
  },
});
