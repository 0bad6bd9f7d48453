// A node: one Docker host running the agent, in one environment. The control plane keeps the agent
// token encrypted (it needs it to dial), the pinned certificate thumbprint, and what heartbeats report.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { FirewallState } from '../../contracts/index.js';
import { type EntityBase, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export type NodeStatus = 'connecting' | 'online' | 'offline' | 'untrusted' | 'incompatible' | 'reconfigure' | 'revoked';

export interface Node extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'labels' | 'enabled' | 'status' | 'capacity' | 'usage' | 'firewall';
  environmentId: string;
  name: string;
  host: string;
  port: number;
  labels: Record<string, string>;
  enabled: boolean;
  status: NodeStatus;
  statusMessage: string | null;
  thumbprint: string | null;
  pendingThumbprint: string | null;
  tokenEncrypted: string;
  agentVersion: string | null;
  publishAddress: string | null;
  /** The isolation firewall as the agent last reported it in `hello`; null before it first connects. */
  firewall: FirewallState | null;
  capacity: { cpu: number; memoryMb: number; diskMb: number };
  usage: { cpuPercent: number; memoryMb: number; diskMb: number };
  lastSeenAt: Date | null;
}

export const Node = new EntitySchema<Node>({
  name: 'Node',
  tableName: 'node',
  properties: {
    ...idColumn,
    environmentId: { type: 'uuid' },
    name: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'integer' },
    labels: { type: 'json', default: '{}' },
    enabled: { type: 'boolean', default: true },
    status: { type: 'string', default: 'connecting' },
    statusMessage: { type: 'text', nullable: true },
    thumbprint: { type: 'string', nullable: true },
    pendingThumbprint: { type: 'string', nullable: true },
    tokenEncrypted: { type: 'text' },
    agentVersion: { type: 'string', nullable: true },
    publishAddress: { type: 'string', nullable: true },
    firewall: { type: 'json', nullable: true },
    capacity: { type: 'json', onCreate: () => ({ cpu: 0, memoryMb: 0, diskMb: 0 }) },
    usage: { type: 'json', onCreate: () => ({ cpuPercent: 0, memoryMb: 0, diskMb: 0 }) },
    lastSeenAt: { type: 'Date', nullable: true },
    ...createdColumn,
    ...updatedColumn,
  },
});
