// One audit row per state-changing API request: who, what, on which object, when, how it ended, and a
// redacted summary of what was sent. No foreign keys: history outlives the users and objects it names.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type WithId, idColumn } from '../../db/entity-base.js';

export interface AuditEvent extends WithId {
  [OptionalProps]?: 'at';
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  status: number;
  address: string;
  details: Record<string, unknown>;
}

export const AuditEvent = new EntitySchema<AuditEvent>({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    ...idColumn,
    at: { type: 'Date', onCreate: () => new Date() },
    actorId: { type: 'uuid', nullable: true },
    actorName: { type: 'string', nullable: true },
    action: { type: 'string' },
    targetType: { type: 'string', nullable: true },
    targetId: { type: 'string', nullable: true },
    status: { type: 'integer' },
    address: { type: 'string' },
    details: { type: 'json' },
  },
});
