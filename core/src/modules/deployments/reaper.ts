// Auto-cleanup: every interval, deployments past their expiry are deleted like any other — by `system`,
// for the reason `expired` — and the audit log says so.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from '../audit/entity.js';
import { Deployment } from './entities.js';
import { EXPIRABLE } from './transitions.js';

export async function reapExpired(app: FastifyInstance, now = new Date()): Promise<string[]> {
  const em = app.orm.em.fork() as EntityManager;
  const expired = await em.find(Deployment, { status: { $in: [...EXPIRABLE] }, expiresAt: { $lte: now } });
  for (const deployment of expired) {
    const cancelling = deployment.status === 'pending' || deployment.status === 'deploying';
    deployment.status = cancelling ? 'cancelling' : 'deleting';
    deployment.generation += 1;
    deployment.deletedBy = 'system';
    deployment.deleteReason = 'expired';
    em.create(AuditEvent, {
      actorId: null,
      actorName: 'system',
      action: 'deployments.expire',
      targetType: 'deployment',
      targetId: deployment.id,
      status: 202,
      address: 'local',
      details: { name: deployment.name, expiresAt: deployment.expiresAt.toISOString(), reason: 'expired' },
    } as unknown as AuditEvent);
  }
  await em.flush();
  for (const deployment of expired) {
    app.orchestrator.announce(deployment);
    await app.orchestrator.destroy(deployment.id, 'expired');
  }
  return expired.map((d) => d.id);
}

export function startReaper(app: FastifyInstance, intervalSeconds: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reapExpired(app)
      .then((ids) => ids.length && app.log.info({ deployments: ids }, 'expired deployments are being removed'))
      .catch((error) => app.log.error({ err: error }, 'the reaper failed'))
      .finally(() => (running = false));
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
