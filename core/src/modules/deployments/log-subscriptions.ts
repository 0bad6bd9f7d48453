// Live container logs read through an agent: a subscription per reader (`logs.subscribe`), the agent's
// `log` lines that carry its id handed to that reader, and its `logs.end` ending it.
import { randomUUID } from 'node:crypto';
import type { Log, LogsSubscribe } from '../../contracts/index.js';
import type { AgentHub } from '../../agents/agent-hub.js';
import type { Deployment } from './entities.js';

export class LogSubscriptions {
  private readonly readers = new Map<string, { line: (log: Log) => void; end: () => void }>();

  constructor(private readonly agents: AgentHub) {}

  /**
   * Streams a service's or job's container log through the agent: `onLine` gets each line, `onEnd` is
   * called when the agent ends the stream (without follow: once the tail was sent). The answer ends it early.
   */
  async subscribe(
    deployment: Pick<Deployment, 'id' | 'nodeId'>,
    stepId: string,
    options: Pick<LogsSubscribe, 'tail' | 'since' | 'follow'>,
    onLine: (log: Log) => void,
    onEnd: () => void,
  ): Promise<() => void> {
    const subscriptionId = randomUUID();
    this.readers.set(subscriptionId, { line: onLine, end: onEnd });
    try {
      await this.agents.request(deployment.nodeId!, 'logs.subscribe', { subscriptionId, deploymentId: deployment.id, stepId, follow: options.follow, ...(options.tail !== undefined ? { tail: options.tail } : {}), ...(options.since ? { since: options.since } : {}) });
    } catch (error) {
      this.readers.delete(subscriptionId);
      throw error;
    }
    return () => {
      this.readers.delete(subscriptionId);
      this.agents.request(deployment.nodeId!, 'logs.unsubscribe', { subscriptionId }).catch(() => {});
    };
  }

  /** A line the agent sent for a subscription. */
  line(subscriptionId: string, log: Log): void {
    this.readers.get(subscriptionId)?.line(log);
  }

  /** The agent ended a subscription's stream. */
  end(subscriptionId: string): void {
    this.readers.get(subscriptionId)?.end();
    this.readers.delete(subscriptionId);
  }
}
