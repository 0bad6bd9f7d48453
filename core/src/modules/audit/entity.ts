// One audit row per state-changing API request: who, what, on which object, when, how it ended, and a
// redacted summary of what was sent. No foreign keys: history outlives the users and objects it names.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface AuditEvent {
  [OptionalProps]?: 'at';
  id: string;
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
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
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
