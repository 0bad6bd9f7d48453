// What `nullops up` starts beside the control plane on one machine (the local agent, the builtin
// ingress, the demo seed), in order. Each returns the lines it wants printed and how to stop it.
import type { ControlPlane } from '../kernel/app.js';
import { localAgent } from './local-agent.js';
import { localDemo } from './local-demo.js';
import { localIngress } from './local-ingress.js';
import { localRegistry } from './local-registry.js';

export interface LocalServiceContext {
  controlPlane: ControlPlane;
  /** Where the control plane listens, e.g. http://127.0.0.1:7700. */
  apiUrl: string;
  say: (message: string) => void;
  demo: boolean;
  /** Facts earlier services found out for later ones (the ingress port actually bound). */
  facts: { ingressPort?: number };
}

export interface LocalService {
  name: string;
  /** Whether to start it at all (default: yes). */
  wanted?(context: LocalServiceContext): boolean;
  start(context: LocalServiceContext): Promise<{ lines: string[]; stop(): Promise<void>; facts?: LocalServiceContext['facts'] }>;
}

export const localServices: LocalService[] = [localIngress, localAgent, localRegistry, localDemo];

export async function startLocalServices(context: Omit<LocalServiceContext, 'facts'>): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const lines: string[] = [];
  const facts: LocalServiceContext['facts'] = {};
  const running: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of running.reverse()) await service.stop().catch(() => {});
  };
  try {
    for (const service of localServices) {
      const full = { ...context, facts };
      if (service.wanted && !service.wanted(full)) continue;
      context.say(`starting ${service.name}`);
      const started = await service.start(full);
      running.push(started);
      Object.assign(facts, started.facts);
      lines.push(...started.lines);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { lines, stop };
}
