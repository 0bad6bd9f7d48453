// Route publishing: the ingress feed. Whenever what is routable may have changed (a status, a node, a
// published port), the route table is computed again from the database — changes arriving together
// are applied once — and handed to the ingress port with the next version number.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Setting } from '../../db/setting.entity.js';
import { Environment } from '../environments/entity.js';
import { Node } from '../nodes/entity.js';
import { Deployment } from './entities.js';
import { buildRouteTable, type RoutableDeployment } from './route-table.js';

const INGRESS_VERSION_KEY = 'ingress.routeTableVersion';

export class RoutePublisher {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: FastifyInstance,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Recomputes the route table soon (changes arriving together are applied once). */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.queue = this.queue.then(() => this.publish()).catch((error) => this.log.error({ err: error }, 'publishing routes failed'));
    }, 50);
  }

  /** Drops a scheduled recomputation and waits for one under way. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  private async publish(): Promise<void> {
    const ingress = this.app.ingress;
    if (!ingress) return;
    const em = this.app.orm.em.fork() as EntityManager;
    const deployments = await em.find(Deployment, { status: { $in: ['pending', 'deploying', 'running', 'offline'] } });
    const environments = new Map((await em.find(Environment, {})).map((e) => [e.id, e]));
    const nodes = new Map((await em.find(Node, {})).map((n) => [n.id, n]));
    const routable: RoutableDeployment[] = deployments.map((d) => {
      const environment = environments.get(d.environmentId)!;
      const node = d.nodeId ? nodes.get(d.nodeId) : undefined;
      return {
        id: d.id,
        name: d.name,
        status: d.status,
        environment: { name: environment.name, baseDomain: environment.baseDomain },
        node: node ? { publishAddress: node.publishAddress, offline: node.status === 'offline' } : null,
        services: d.services,
      };
    });
    let setting = await em.findOne(Setting, { key: INGRESS_VERSION_KEY });
    if (!setting) setting = em.create(Setting, { key: INGRESS_VERSION_KEY, value: 0, updatedAt: new Date() });
    const version = Number(setting.value) + 1;
    setting.value = version;
    await em.flush();
    await ingress.apply(buildRouteTable(version, routable));
  }
}
