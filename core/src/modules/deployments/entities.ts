// A deployment (one running instance of a project in an environment), its pipeline timeline, and the
// log lines kept after its containers are gone.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { ErrorInfo } from '../../contracts/index.js';
import { type EntityBase, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export type DeploymentStatus = 'pending' | 'deploying' | 'running' | 'failed' | 'cancelling' | 'deleting' | 'deleted' | 'offline';

export interface DeploymentService {
  /** The service step id: the first label of its URL. */
  id: string;
  service: string;
  ingress: boolean;
  status: string;
  health: string;
  publishedPort: number | null;
  restartCount: number;
  /** From the latest heartbeat. */
  cpuPercent?: number;
  memoryMb?: number;
  lastError?: string;
}

export interface Deployment extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'lastActivityAt' | 'generation' | 'attempt' | 'services' | 'pendingRollbacks';
  name: string;
  projectId: string;
  environmentId: string;
  nodeId: string | null;
  status: DeploymentStatus;
  generation: number;
  attempt: number;
  pipelineVersion: number;
  versions: Record<string, string>;
  resources: { cpu: number; memoryMb: number };
  services: DeploymentService[];
  error: ErrorInfo | null;
  pendingRollbacks: string[];
  outputsEncrypted: string | null;
  createdBy: string;
  lastActivityAt: Date;
  expiresAt: Date;
  deletedAt: Date | null;
  deletedBy: string | null;
  deleteReason: string | null;
}

export const Deployment = new EntitySchema<Deployment>({
  name: 'Deployment',
  tableName: 'deployment',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    projectId: { type: 'uuid' },
    environmentId: { type: 'uuid' },
    nodeId: { type: 'uuid', nullable: true },
    status: { type: 'string' },
    generation: { type: 'integer', default: 1 },
    attempt: { type: 'integer', default: 1 },
    pipelineVersion: { type: 'integer' },
    versions: { type: 'json' },
    resources: { type: 'json' },
    services: { type: 'json', onCreate: () => [] },
    error: { type: 'json', nullable: true },
    pendingRollbacks: { type: 'json', onCreate: () => [] },
    outputsEncrypted: { type: 'text', nullable: true },
    createdBy: { type: 'string' },
    ...createdColumn,
    ...updatedColumn,
    lastActivityAt: { type: 'Date', onCreate: () => new Date() },
    expiresAt: { type: 'Date' },
    deletedAt: { type: 'Date', nullable: true },
    deletedBy: { type: 'string', nullable: true },
    deleteReason: { type: 'string', nullable: true },
  },
});

export interface DeploymentEvent {
  id: string;
  deploymentId: string;
  generation: number;
  at: Date;
  stepId: string | null;
  phase: string;
  status: string;
  message: string;
}

export const DeploymentEvent = new EntitySchema<DeploymentEvent>({
  name: 'DeploymentEvent',
  tableName: 'deployment_event',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    deploymentId: { type: 'uuid' },
    generation: { type: 'integer' },
    at: { type: 'Date' },
    stepId: { type: 'string', nullable: true },
    phase: { type: 'string' },
    status: { type: 'string' },
    message: { type: 'text', default: '' },
  },
});

export interface DeploymentLog {
  id: string;
  deploymentId: string;
  stepId: string;
  generation: number;
  lines: string[];
  updatedAt: Date;
}

export const DeploymentLog = new EntitySchema<DeploymentLog>({
  name: 'DeploymentLog',
  tableName: 'deployment_log',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    deploymentId: { type: 'uuid' },
    stepId: { type: 'string' },
    generation: { type: 'integer' },
    lines: { type: 'json' },
    ...updatedColumn,
  },
});

export const deploymentEntities = [Deployment, DeploymentEvent, DeploymentLog];
