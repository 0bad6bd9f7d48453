// The nodes module's port to what runs on nodes. Nodes do not know deployments (deployments depend on
// nodes, not the other way round): this interface says what the node routes and placement need, and the
// deployments module fills `app.nodeWorkload` at start-up.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Node } from './entity.js';

export interface NodeLoad {
  allocated: { cpu: number; memoryMb: number };
  /** Deployments on the node that are not deleted. */
  deployments: number;
}

export interface NodeWorkload {
  /** What each node carries right now: the CPU and memory its deployments hold, and how many it has. */
  loadOf(em: EntityManager, nodeIds: string[]): Promise<Map<string, NodeLoad>>;
  /** The deployments on a node that are not deleted. */
  liveOn(em: EntityManager, nodeId: string): Promise<{ id: string; name: string }[]>;
  /**
   * The node is deleted by force: its deployments are deleted with it and let go of it, in `em`'s unit of
   * work. Answers what to do once that is committed.
   */
  forgetNode(em: EntityManager, nodeId: string, by: string): Promise<() => Promise<void>>;
  /** Tells whoever follows the live stream (admins) the node's status. */
  announce(node: Node): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    nodeWorkload: NodeWorkload;
  }
}
