// Auto-cleanup: every interval, deployments past their expiry are removed like any other — through the
// lifecycle, by `system`, for the reason `expired` — and the audit log says so.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordSystemAction } from '../audit/system-actions.js';
import { Deployment } from './entities.js';
import type { AfterCommit } from './lifecycle.js';
import { EXPIRABLE } from './transitions.js';

export async function reapExpired(app: FastifyInstance, now = new Date()): Promise<string[]> {
  const em = app.orm.em.fork() as EntityManager;
  const expired = await em.find(Deployment, { status: { $in: [...EXPIRABLE] }, expiresAt: { $lte: now } });
  const removals: AfterCommit[] = [];
  for (const deployment of expired) {
    const then = app.deployments.lifecycle.remove(deployment, 'system', 'expired');
    if (!then) continue;
    removals.push(then);
    recordSystemAction(em, { action: 'deployments.expire', target: { type: 'deployment', id: deployment.id }, details: { name: deployment.name, expiresAt: deployment.expiresAt.toISOString(), reason: 'expired' } });
  }
  await em.flush();
  for (const then of removals) await then();
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
