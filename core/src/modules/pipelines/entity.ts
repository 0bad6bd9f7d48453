// One saved version of a project's pipeline: immutable once written — the definition as the admin drew
// it, and the plugin versions and digests its ranges resolved to when it was saved.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { PipelineDefinition, ResolvedPipeline } from '../../pipeline/index.js';
import { type WithCreated, createdColumn, idColumn } from '../../db/entity-base.js';

export interface PipelineVersion extends WithCreated {
  [OptionalProps]?: 'createdAt' | 'message';
  projectId: string;
  version: number;
  definition: PipelineDefinition;
  resolved: ResolvedPipeline;
  message: string;
  createdById: string | null;
  createdByName: string | null;
}

export const PipelineVersion = new EntitySchema<PipelineVersion>({
  name: 'PipelineVersion',
  tableName: 'pipeline_version',
  properties: {
    ...idColumn,
    projectId: { type: 'uuid' },
    version: { type: 'integer' },
    definition: { type: 'json' },
    resolved: { type: 'json' },
    message: { type: 'text', default: '' },
    createdById: { type: 'uuid', nullable: true },
    createdByName: { type: 'string', nullable: true },
    ...createdColumn,
  },
});
