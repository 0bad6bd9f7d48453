// Dialing a node's agent through the hub (`app.agents`) with the node's address, token and pinned
// certificate; a revoked node is not dialed.
import type { FastifyInstance } from 'fastify';
import type { AgentEndpoint } from '../../agents/agent-connection.js';
import type {} from '../../agents/plugin.js';
import type { Node } from './entity.js';

export function endpointOf(app: FastifyInstance, node: Node): AgentEndpoint {
  return { nodeId: node.id, host: node.host, port: node.port, token: app.encryption.decrypt(node.tokenEncrypted), thumbprint: node.thumbprint };
}

/** Starts dialing the node, or redials it with its new token or pin. */
export function dial(app: FastifyInstance, node: Node): void {
  if (node.status === 'revoked') return;
  app.agents.connect(endpointOf(app, node));
}
