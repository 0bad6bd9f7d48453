// Every entity schema of the control plane, collected from the feature modules for MikroORM.
import type { EntitySchema } from '@mikro-orm/core';
import { Setting } from './setting.entity.js';
import { identityEntities } from '../modules/identity/entities.js';
import { Project } from '../modules/projects/entity.js';
import { Environment } from '../modules/environments/entity.js';
import { AuditEvent } from '../modules/audit/entity.js';
import { catalogEntities } from '../modules/catalog/entities.js';
import { ProjectSecret } from '../modules/secrets/entity.js';
import { PipelineVersion } from '../modules/pipelines/entity.js';
import { Node } from '../modules/nodes/entity.js';
import { deploymentEntities } from '../modules/deployments/entities.js';
import { PluginSource } from '../modules/plugin-sources/entity.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const entities: EntitySchema<any>[] = [Setting, ...identityEntities, Project, Environment, AuditEvent, ...catalogEntities, ProjectSecret, PipelineVersion, Node, ...deploymentEntities, PluginSource];
