// Audit rows for what the control plane does on its own, without a request (the reaper expiring a
// deployment): actor `system`, address `local`, written in the caller's unit of work.
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from './entity.js';

export interface SystemAction {
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
}

export function recordSystemAction(em: EntityManager, { action, target, details }: SystemAction): void {
  em.create(AuditEvent, { actorId: null, actorName: 'system', action, targetType: target.type, targetId: target.id, status: 202, address: 'local', details });
}
