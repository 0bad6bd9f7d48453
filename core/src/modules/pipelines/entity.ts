// One saved version of a project's pipeline: immutable once written — the definition as the admin drew
// it, and the plugin versions and digests its ranges resolved to when it was saved.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { PipelineDefinition, ResolvedPipeline } from '../../pipeline/index.js';

export interface PipelineVersion {
  [OptionalProps]?: 'createdAt' | 'message';
  id: string;
  projectId: string;
  version: number;
  definition: PipelineDefinition;
  resolved: ResolvedPipeline;
  message: string;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
}

export const PipelineVersion = new EntitySchema<PipelineVersion>({
  name: 'PipelineVersion',
  tableName: 'pipeline_version',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    projectId: { type: 'uuid' },
    version: { type: 'integer' },
    definition: { type: 'json' },
    resolved: { type: 'json' },
    message: { type: 'text', default: '' },
    createdById: { type: 'uuid', nullable: true },
    createdByName: { type: 'string', nullable: true },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});
