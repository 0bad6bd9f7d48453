// Log subscriptions (`logs.subscribe` / `logs.unsubscribe`): each follows one step's newest service or
// job container and sends its lines, masked with the deployment's secrets, while the connection that
// asked is the current one; `logs.end` says when the container's stream ended by itself.
import type Docker from 'dockerode';
import { AgentErrorCode, type LogsSubscribe, type MessageType, type PayloadOf } from '@nullops/core/contracts';
import { RequestError } from '../connection/request-error.js';
import { streamLogLines } from '../docker/container-logs.js';
import { AGENT_LABELS } from '../docker/labels.js';
import type { AgentLogger } from '../observability/logger.js';

export interface LogSource {
  readonly docker: Docker;
  readonly log: AgentLogger;
  nodeId(): string | undefined;
  /** The deployment's masker (it learns secrets added later), or undefined when the deployment is not in the table. */
  masker(deploymentId: string): ((line: string) => string) | undefined;
}

/** Where the lines go: the connection that subscribed, while it is the current one. */
export interface LogSink {
  live(): boolean;
  emit<T extends MessageType>(type: T, payload: PayloadOf<T>): void;
}

export class LogSubscriptions {
  private readonly subscriptions = new Map<string, AbortController>();

  constructor(private readonly source: LogSource) {}

  async subscribe(request: LogsSubscribe, sink: LogSink): Promise<{ subscribed: true }> {
    const { docker, log } = this.source;
    const nodeId = this.source.nodeId();
    const mask = this.source.masker(request.deploymentId);
    if (!mask || !nodeId) throw new RequestError(AgentErrorCode.unknownDeployment, `no deployment ${request.deploymentId} on this node`);
    const label = [`${AGENT_LABELS.node}=${nodeId}`, `${AGENT_LABELS.deployment}=${request.deploymentId}`, `${AGENT_LABELS.step}=${request.stepId}`];
    const containers = (await docker.listContainers({ all: true, filters: JSON.stringify({ label }) })).filter((c) => ['service', 'job'].includes(c.Labels[AGENT_LABELS.role]));
    const container = containers.sort((a, b) => Number(b.Labels[AGENT_LABELS.generation]) - Number(a.Labels[AGENT_LABELS.generation]))[0];
    if (!container) throw new RequestError(AgentErrorCode.unknownStep, `no service or job container for step ${request.stepId}`);
    const generation = Number(container.Labels[AGENT_LABELS.generation]);
    this.subscriptions.get(request.subscriptionId)?.abort();
    const controller = new AbortController();
    this.subscriptions.set(request.subscriptionId, controller);
    const base = { subscriptionId: request.subscriptionId, deploymentId: request.deploymentId, generation, stepId: request.stepId };
    void streamLogLines(docker, container.Id, { since: request.since, tail: request.tail, follow: request.follow, signal: controller.signal }, (stream, at, line) => {
      if (sink.live()) sink.emit('log', { ...base, stream, at, line: mask(line) });
    })
      .catch((error: Error) => log.warn(`log subscription ${request.subscriptionId}: ${error.message}`))
      .finally(() => {
        if (this.subscriptions.get(request.subscriptionId) === controller) this.subscriptions.delete(request.subscriptionId);
        if (sink.live() && !controller.signal.aborted) sink.emit('logs.end', { subscriptionId: request.subscriptionId });
      });
    return { subscribed: true };
  }

  unsubscribe(subscriptionId: string): void {
    this.subscriptions.get(subscriptionId)?.abort();
    this.subscriptions.delete(subscriptionId);
  }

  /** The connection closed (or the agent stops): every stream ends, without `logs.end`. */
  endAll(): void {
    for (const subscription of this.subscriptions.values()) subscription.abort();
    this.subscriptions.clear();
  }
}
