// Node links: what the state of a node's connection means for its row and its deployments. A greeting
// agent gets the whole desired state and removals it may have missed; a link that comes and goes moves
// the node's status; a node offline past the grace period takes its deployments offline with it.
import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Hello } from '../../contracts/index.js';
import type { LinkState } from '../../agents/agent-connection.js';
import { Node } from '../nodes/entity.js';
import type { AgentCommands } from './agent-commands.js';
import { Deployment } from './entities.js';
import type { DeploymentLifecycle } from './lifecycle.js';
import type { LiveEvents } from './live-events.js';
import type { RoutePublisher } from './route-publisher.js';

export interface NodeLinkParts {
  lifecycle: DeploymentLifecycle;
  commands: AgentCommands;
  live: LiveEvents;
  routes: RoutePublisher;
}

export class NodeLinks {
  constructor(
    private readonly app: FastifyInstance,
    private readonly parts: NodeLinkParts,
  ) {}

  private fork(): EntityManager {
    return this.app.orm.em.fork() as EntityManager;
  }

  /** Tells whoever follows the live stream (admins) the node's status. */
  announce(node: Node): void {
    this.parts.live.publish({ type: 'node', id: node.id, environmentId: node.environmentId, status: node.status, at: new Date().toISOString() });
  }

  /** After `hello`: send the whole desired state, then re-send removals the agent may have missed. */
  async onHello(nodeId: string, hello: Hello): Promise<void> {
    const em = this.fork();
    const deployments = (await this.parts.commands.sync(nodeId)).map((d) => em.merge(d));
    const reported = new Map(hello.deployments.map((d) => [d.id, d]));
    const changed: Deployment[] = [];
    const removals: [string, 'cancelled' | 'deleted'][] = [];
    for (const deployment of deployments) {
      const said = this.parts.lifecycle.helloSays(deployment, reported.get(deployment.id));
      if (said.destroy) removals.push([deployment.id, said.destroy]);
      if (said.changed) changed.push(deployment);
    }
    for (const [id, reason] of removals) void this.parts.lifecycle.destroy(id, reason);
    await em.flush();
    for (const deployment of changed) this.parts.lifecycle.announce(deployment);
    this.parts.routes.schedule();
  }

  async onLinkState(nodeId: string, state: LinkState): Promise<void> {
    const em = this.fork();
    const node = await em.findOne(Node, { id: nodeId });
    if (!node) return;
    const before = node.status;
    switch (state.state) {
      case 'online':
        node.status = 'online';
        node.statusMessage = null;
        node.thumbprint ??= state.thumbprint;
        node.pendingThumbprint = null;
        node.agentVersion = state.hello.agentVersion;
        node.publishAddress = state.hello.publishAddress;
        node.firewall = state.hello.firewall ?? null;
        node.capacity = state.hello.capacity;
        node.lastSeenAt = new Date();
        break;
      case 'untrusted':
        node.status = 'untrusted';
        node.pendingThumbprint = state.seenThumbprint;
        node.statusMessage = 'the agent presented a different certificate; approve its thumbprint if the change is expected';
        break;
      case 'incompatible':
        node.status = 'incompatible';
        node.statusMessage = state.reason;
        break;
      case 'refused':
        node.statusMessage = state.reason;
        if (node.status === 'online') node.status = 'connecting';
        break;
      case 'connecting':
        if (state.reason) node.statusMessage = state.reason;
        if (node.status === 'online') node.status = 'connecting';
        break;
    }
    await em.flush();
    if (node.status !== before) this.announce(node);
    if (node.status === 'online' && before === 'offline') {
      const offline = await em.find(Deployment, { nodeId: node.id, status: 'offline' });
      this.parts.lifecycle.cameBack(offline);
      await em.flush();
      for (const deployment of offline) this.parts.lifecycle.announce(deployment);
    }
    if (node.status !== before) this.parts.routes.schedule();
  }

  async onOffline(nodeId: string): Promise<void> {
    const em = this.fork();
    const node = await em.findOne(Node, { id: nodeId });
    if (!node) return;
    if (node.status === 'online' || node.status === 'connecting') node.status = 'offline';
    const affected = await em.find(Deployment, { nodeId, status: { $in: ['pending', 'deploying', 'running'] } });
    this.parts.lifecycle.wentOffline(affected);
    await em.flush();
    this.announce(node);
    for (const deployment of affected) this.parts.lifecycle.announce(deployment);
    this.parts.routes.schedule();
  }
}
