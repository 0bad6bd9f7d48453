// Nodes of an environment (admins only): add one (its agent token is shown once), change, delete,
// rotate or revoke its token, approve a regenerated certificate.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { createHash, randomBytes } from 'node:crypto';
import { normalizeThumbprint } from '../../agents/thumbprint.js';
import { ApiError, notFound } from '../../kernel/errors.js';
import { Environment } from '../environments/entity.js';
import { ListOf, Paging } from '../list-shape.js';
import { Node } from './entity.js';
import { nodeViews } from './node-view.js';
import { dial } from './agent-link.js';
import type {} from './workload.js';
import { ApproveThumbprint, CreateNode, CreatedNode, NodeToken, NodeView, UpdateNode } from './schemas.js';
import { IdParams } from '../route-params.js';
import { flushUnlessTaken } from '../unique-names.js';

const DeleteQuery = Type.Object({ force: Type.Boolean({ default: false, description: 'delete an unreachable node and mark its deployments deleted' }) });

export const newAgentToken = () => randomBytes(32).toString('base64url');
export const agentTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export const nodesRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['nodes'];

  async function findNode(em: typeof app.orm.em, id: string): Promise<Node> {
    const node = await em.findOne(Node, { id });
    if (!node) throw notFound('The node');
    return node;
  }
  const view = async (em: typeof app.orm.em, node: Node) => (await nodeViews(em, app.nodeWorkload, [node]))[0];

  app.get<{ Params: IdParams; Querystring: Paging }>(
    '/environments/:id/nodes',
    { config: { access: 'admin' }, schema: { tags, summary: "List an environment's nodes", params: IdParams, querystring: Paging, response: { 200: ListOf(NodeView) } } },
    async (request) => {
      if (!(await request.em.findOne(Environment, { id: request.params.id }))) throw notFound('The environment');
      const [nodes, total] = await request.em.findAndCount(Node, { environmentId: request.params.id }, { orderBy: { name: 'asc' }, limit: request.query.limit, offset: request.query.offset });
      return { items: await nodeViews(request.em, app.nodeWorkload, nodes), total };
    },
  );

  app.post<{ Params: IdParams; Body: CreateNode }>(
    '/environments/:id/nodes',
    { config: { access: 'admin' }, schema: { tags, summary: 'Add a node; answers its agent token once', params: IdParams, body: CreateNode, response: { 201: CreatedNode } } },
    async (request, reply) => {
      if (!(await request.em.findOne(Environment, { id: request.params.id }))) throw notFound('The environment');
      const token = newAgentToken();
      const node = request.em.create(Node, {
        environmentId: request.params.id,
        name: request.body.name,
        host: request.body.host,
        port: request.body.port,
        labels: request.body.labels ?? {},
        thumbprint: request.body.thumbprint ? normalizeThumbprint(request.body.thumbprint) : null,
        pendingThumbprint: null,
        statusMessage: 'waiting for the agent to answer',
        tokenEncrypted: app.encryption.encrypt(token),
        agentVersion: null,
        publishAddress: null,
        lastSeenAt: null,
      });
      await flushUnlessTaken(request.em, `The environment already has a node named "${request.body.name}".`);
      request.auditTarget = { type: 'node', id: node.id };
      request.afterCommit(() => dial(app, node));
      return reply.status(201).send({ node: await view(request.em, node), token });
    },
  );

  app.get<{ Params: IdParams }>('/nodes/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Read a node', params: IdParams, response: { 200: NodeView } } }, async (request) =>
    view(request.em, await findNode(request.em, request.params.id)),
  );

  app.patch<{ Params: IdParams; Body: UpdateNode }>(
    '/nodes/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Enable or disable a node, or change its labels', description: 'A disabled node stays connected and keeps its deployments; it takes no new ones.', params: IdParams, body: UpdateNode, response: { 200: NodeView } } },
    async (request) => {
      const node = await findNode(request.em, request.params.id);
      if (request.body.enabled !== undefined) node.enabled = request.body.enabled;
      if (request.body.labels !== undefined) node.labels = request.body.labels;
      await request.em.flush();
      return view(request.em, node);
    },
  );

  app.delete<{ Params: IdParams; Querystring: Static<typeof DeleteQuery> }>(
    '/nodes/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Delete a node', description: 'Refused with 409 NODE_NOT_EMPTY while deployments are on it, unless force=true.', params: IdParams, querystring: DeleteQuery, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const node = await findNode(request.em, request.params.id);
      const live = await app.nodeWorkload.liveOn(request.em, node.id);
      if (live.length && !request.query.force) {
        throw new ApiError('NODE_NOT_EMPTY', `Node "${node.name}" still has deployments: ${live.map((d) => d.name).join(', ')}. Delete them first, or force the deletion of an unreachable node.`, { deployments: live.map((d) => ({ id: d.id, name: d.name })) });
      }
      app.agents.disconnect(node.id);
      const forgotten = await app.nodeWorkload.forgetNode(request.em, node.id, request.principal?.username ?? 'system');
      request.em.remove(node);
      await request.em.flush();
      request.afterCommit(forgotten);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: IdParams }>(
    '/nodes/:id/rotate-token',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Replace the node's agent token", description: 'Online: the agent gets the new token hash and the old token dies at once. Offline (or revoked): the node is `reconfigure` until the agent is restarted with the new AGENT_TOKEN.', params: IdParams, response: { 200: NodeToken } },
    },
    async (request) => {
      const node = await findNode(request.em, request.params.id);
      const token = newAgentToken();
      if (app.agents.isOnline(node.id)) {
        await app.agents.request(node.id, 'token.rotate', { newTokenHash: agentTokenHash(token) }).catch((error: Error) => {
          throw new ApiError('NO_NODE_ONLINE', `The agent did not take the new token: ${error.message}. Nothing was changed; try again.`);
        });
      } else {
        node.status = 'reconfigure';
        node.statusMessage = 'restart the agent with the new AGENT_TOKEN';
      }
      node.tokenEncrypted = app.encryption.encrypt(token);
      await request.em.flush();
      request.afterCommit(() => dial(app, node));
      return { token };
    },
  );

  app.post<{ Params: IdParams }>(
    '/nodes/:id/revoke',
    { config: { access: 'admin' }, schema: { tags, summary: 'Make the agent refuse every token', description: 'The node is `revoked` until rotate-token issues a new token that the operator configures on the agent.', params: IdParams, response: { 200: NodeView } } },
    async (request) => {
      const node = await findNode(request.em, request.params.id);
      if (app.agents.isOnline(node.id)) await app.agents.request(node.id, 'token.revoke', {}).catch(() => undefined);
      app.agents.disconnect(node.id);
      node.status = 'revoked';
      node.statusMessage = 'revoked: rotate the token and restart the agent with it';
      await request.em.flush();
      request.afterCommit(() => app.nodeWorkload.announce(node));
      return view(request.em, node);
    },
  );

  app.post<{ Params: IdParams; Body: ApproveThumbprint }>(
    '/nodes/:id/approve-thumbprint',
    { config: { access: 'admin' }, schema: { tags, summary: "Trust the agent's regenerated certificate", params: IdParams, body: ApproveThumbprint, response: { 200: NodeView } } },
    async (request) => {
      const node = await findNode(request.em, request.params.id);
      const given = normalizeThumbprint(request.body.thumbprint);
      if (!node.pendingThumbprint || given !== node.pendingThumbprint) {
        throw new ApiError('INVALID_STATE', node.pendingThumbprint ? `The thumbprint does not match the one the agent presents (${node.pendingThumbprint}).` : 'The node has no certificate waiting for approval.');
      }
      node.thumbprint = given;
      node.pendingThumbprint = null;
      node.status = 'connecting';
      node.statusMessage = 'certificate approved; connecting';
      await request.em.flush();
      request.afterCommit(() => dial(app, node));
      return view(request.em, node);
    },
  );
};
