// The in-process bus behind `GET /api/v1/events` and followed logs: status changes of deployments and
// nodes, and live log lines, each carrying what a listener needs to decide whether its caller may see it.
import { EventEmitter } from 'node:events';

export type LiveEvent =
  | { type: 'deployment'; id: string; projectId: string; environmentId: string; status: string; name: string; at: string }
  | { type: 'progress'; deploymentId: string; projectId: string; environmentId: string; stepId?: string; phase: string; status: string; message?: string; at: string }
  | { type: 'node'; id: string; environmentId: string; status: string; at: string };

export interface LiveLogLine {
  deploymentId: string;
  stepId: string;
  stream: 'stdout' | 'stderr';
  at: string;
  line: string;
}

export class LiveEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  publishLog(line: LiveLogLine): void {
    this.emitter.emit(`log:${line.deploymentId}:${line.stepId}`, line);
  }

  subscribeLogs(deploymentId: string, stepId: string, listener: (line: LiveLogLine) => void): () => void {
    const name = `log:${deploymentId}:${stepId}`;
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
