// Trusting an agent this machine started itself (`nullops up`'s local agent): environment and node are
// created or updated so that its certificate and token are trusted as they are now, whatever they were
// before, and the control plane dials it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { normalizeThumbprint } from '../../agents/thumbprint.js';
import { Environment } from '../environments/entity.js';
import { Node } from './entity.js';
import { dial } from './agent-link.js';

export interface LocalNode {
  environment: string;
  node: string;
  /** Base domain of a new environment, e.g. `localhost`. */
  baseDomain: string;
  /** The port the local ingress serves on (kept current on every start). */
  ingressPort: number;
  host: string;
  port: number;
  thumbprint: string;
  token: string;
}

/** Creates or updates the environment and its node for an agent started beside the control plane, then dials it. */
export async function registerLocalNode(app: FastifyInstance, local: LocalNode): Promise<void> {
  const em = app.orm.em.fork() as EntityManager;
  let environment = await em.findOne(Environment, { name: local.environment });
  if (!environment) environment = em.create(Environment, { name: local.environment, baseDomain: local.baseDomain, ttlHours: 24, ingressScheme: 'http', ingressPort: local.ingressPort });
  else environment.ingressPort = local.ingressPort;
  await em.flush();
  let node = await em.findOne(Node, { environmentId: environment.id, name: local.node });
  const fields = { host: local.host, port: local.port, thumbprint: normalizeThumbprint(local.thumbprint), pendingThumbprint: null, tokenEncrypted: app.encryption.encrypt(local.token), status: 'connecting' as const, statusMessage: null };
  if (!node) node = em.create(Node, { environmentId: environment.id, name: local.node, labels: {}, agentVersion: null, publishAddress: null, lastSeenAt: null, ...fields });
  else Object.assign(node, fields);
  await em.flush();
  dial(app, node);
}
