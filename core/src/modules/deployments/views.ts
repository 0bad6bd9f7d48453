// Turns deployment rows into what the API returns: embedded {id, name} references, public service URLs
// and the caller's effective access.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Environment } from '../environments/entity.js';
import { Node } from '../nodes/entity.js';
import { Project } from '../projects/entity.js';
import type { Deployment } from './entities.js';
import { publicUrl, serviceHost } from './route-table.js';
import type { DeploymentView } from './schemas.js';

export async function deploymentViews(em: EntityManager, deployments: Deployment[], accessOf: (d: Deployment) => Promise<'read' | 'full'>): Promise<DeploymentView[]> {
  const ids = (pick: (d: Deployment) => string | null) => [...new Set(deployments.map(pick).filter((id): id is string => !!id))];
  // One query after another: `em` may be a write request's, one connection in a transaction (kernel/database-plugin.ts).
  const projects = await em.find(Project, { id: { $in: ids((d) => d.projectId) } });
  const environments = await em.find(Environment, { id: { $in: ids((d) => d.environmentId) } });
  const nodes = await em.find(Node, { id: { $in: ids((d) => d.nodeId) } });
  const projectById = new Map(projects.map((p) => [p.id, p]));
  const environmentById = new Map(environments.map((e) => [e.id, e]));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const views: DeploymentView[] = [];
  for (const d of deployments) {
    const environment = environmentById.get(d.environmentId)!;
    const node = d.nodeId ? nodeById.get(d.nodeId) : undefined;
    views.push({
      id: d.id,
      name: d.name,
      status: d.status,
      access: await accessOf(d),
      project: { id: d.projectId, name: projectById.get(d.projectId)?.name ?? '' },
      environment: { id: environment.id, name: environment.name },
      node: node ? { id: node.id, name: node.name } : null,
      pipelineVersion: d.pipelineVersion,
      versions: d.versions,
      services: d.services.map((s) => ({
        id: s.id,
        service: s.service,
        status: s.status,
        health: s.health,
        restartCount: s.restartCount,
        ...(s.ingress ? { url: publicUrl(serviceHost(s.id, d.name, environment.name, environment.baseDomain), environment.ingressScheme ?? 'http', environment.ingressPort) } : {}),
      })),
      ...(d.error ? { error: d.error } : {}),
      generation: d.generation,
      attempt: d.attempt,
      createdBy: d.createdBy,
      createdAt: d.createdAt.toISOString(),
      expiresAt: d.expiresAt.toISOString(),
      lastActivityAt: d.lastActivityAt.toISOString(),
      ...(d.deletedAt ? { deletedAt: d.deletedAt.toISOString() } : {}),
      ...(d.deletedBy ? { deletedBy: d.deletedBy } : {}),
      ...(d.deleteReason ? { deleteReason: d.deleteReason } : {}),
    });
  }
  return views;
}
