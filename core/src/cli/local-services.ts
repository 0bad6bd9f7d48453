// What `nullops up` starts beside the control plane on one machine (the local agent, the builtin
// ingress, the demo seed), in order. Each returns the lines it wants printed and how to stop it.
import type { ControlPlane } from '../kernel/app.js';
import { localIngress } from './local-ingress.js';

export interface LocalServiceContext {
  controlPlane: ControlPlane;
  say: (message: string) => void;
  demo: boolean;
}

export interface LocalService {
  name: string;
  start(context: LocalServiceContext): Promise<{ lines: string[]; stop(): Promise<void> }>;
}

export const localServices: LocalService[] = [localIngress];

export async function startLocalServices(context: LocalServiceContext): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const lines: string[] = [];
  const running: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of running.reverse()) await service.stop().catch(() => {});
  };
  try {
    for (const service of localServices) {
      context.say(`starting ${service.name}`);
      const started = await service.start(context);
      running.push(started);
      lines.push(...started.lines);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { lines, stop };
}
