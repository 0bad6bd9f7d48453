// Rows a test writes straight into the database, for states the API cannot reach on demand (a failed
// deployment without a node, a node showing a regenerated certificate): for other packages' tests.
import type { FastifyInstance } from 'fastify';
import { Deployment, DeploymentEvent, DeploymentLog } from '../../src/modules/deployments/entities.js';
import { Node } from '../../src/modules/nodes/entity.js';

export interface FailedDeploymentRow {
  id: string;
  name: string;
  projectId: string;
  environmentId: string;
  pipelineVersion: number;
  versions: Record<string, string>;
  /** The one service (step `web`) that failed, with its event and a log line. */
  service: string;
  createdBy: string;
}

/** Inserts a `failed` deployment (no node) whose step `web` failed, with an event and a log line. */
export async function insertFailedDeployment(app: FastifyInstance, row: FailedDeploymentRow): Promise<void> {
  const em = app.orm.em.fork();
  const now = new Date();
  em.create(Deployment, {
    id: row.id,
    name: row.name,
    projectId: row.projectId,
    environmentId: row.environmentId,
    nodeId: null,
    status: 'failed',
    pipelineVersion: row.pipelineVersion,
    versions: row.versions,
    resources: { cpu: 1, memoryMb: 256 },
    services: [{ id: 'web', service: row.service, ingress: true, status: 'failed', health: 'none', publishedPort: null, restartCount: 0 }],
    error: { code: 'STEP_FAILED', message: 'web did not become healthy', stepId: 'web' },
    outputsEncrypted: null,
    createdBy: row.createdBy,
    expiresAt: new Date(now.getTime() + 8 * 3600_000),
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
  });
  await em.flush();
  em.create(DeploymentEvent, { deploymentId: row.id, generation: 1, at: now, stepId: 'web', phase: 'service', status: 'failed', message: 'web did not become healthy' });
  em.create(DeploymentLog, { deploymentId: row.id, stepId: 'web', generation: 1, lines: ['httpd: bind: address in use'], updatedAt: now });
  await em.flush();
}

/** Makes the node show a regenerated certificate with this thumbprint, waiting for approval. */
export async function setPendingThumbprint(app: FastifyInstance, nodeId: string, thumbprint: string): Promise<void> {
  await app.orm.em.fork().nativeUpdate(Node, { id: nodeId }, { pendingThumbprint: thumbprint });
}
