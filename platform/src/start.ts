// startPlatform: the whole platform on one machine, as `nullops up` runs it — the control plane, then
// each part in order (the builtin ingress, the local agent, the demo seed, …). A part is a small object
// with a start function that returns the lines `nullops up` prints and how to stop it; adding one (a
// registry, a studio, official plugins) is adding it to `defaultParts` or passing `parts`.
import { createControlPlane, type Config, type ControlPlane } from '@nullops/core';
import type { PartContext, PlatformPart } from './part.js';
import { localAgent } from './parts/agent.js';
import { localDemo } from './parts/demo.js';
import { localIngress } from './parts/ingress.js';
import { officialPlugins } from './parts/official-plugins.js';
import { localRegistry } from './parts/registry.js';
import { findBuiltStudio } from './parts/studio.js';

/** What `nullops up` starts beside the control plane, in order. */
export const defaultParts: readonly PlatformPart[] = [localIngress, localAgent, localRegistry, officialPlugins, localDemo];

export interface PlatformOptions {
  /** A validated config (see `loadConfig`, `fillLocalSecrets` from @nullops/core). */
  config: Config;
  say?: (message: string) => void;
  demo?: boolean;
  /** The parts to start after the control plane; default `defaultParts`. */
  parts?: readonly PlatformPart[];
  /** Serve the built studio at / (default: yes, when it is built and no studioDir is configured). */
  studio?: boolean;
  /** Control plane logger (Pino options or false). */
  logger?: boolean | Record<string, unknown>;
}

export interface Platform {
  controlPlane: ControlPlane;
  /** The control plane's base URL. */
  address: string;
  /** Every part's summary lines, in start order. */
  lines: string[];
  /** Stops listening to agents, then every part in reverse order, then the control plane. */
  stop(): Promise<void>;
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const say = options.say ?? (() => {});
  const studioDir = options.config.studioDir ?? (options.studio === false ? undefined : findBuiltStudio(say));
  const controlPlane = await createControlPlane({ ...options.config, studioDir }, { onProgress: say, logger: options.logger });
  let parts: { lines: string[]; stop(): Promise<void> };
  let address: string;
  try {
    address = await controlPlane.listen();
    parts = await startParts(options.parts ?? defaultParts, { controlPlane, apiUrl: address, say, demo: options.demo ?? false });
  } catch (error) {
    await controlPlane.close();
    throw error;
  }
  return {
    controlPlane,
    address,
    lines: [...(studioDir ? [`Studio     ${address}/`] : []), ...parts.lines],
    async stop() {
      // Stop listening to agents first, so nothing more is written, then the parts, then the control plane.
      await controlPlane.stopAgents();
      await parts.stop();
      await controlPlane.close();
    },
  };
}

async function startParts(parts: readonly PlatformPart[], context: Omit<PartContext, 'facts'>): Promise<{ lines: string[]; stop(): Promise<void> }> {
  const lines: string[] = [];
  const facts: PartContext['facts'] = {};
  const running: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of running.reverse()) await part.stop().catch(() => {});
  };
  try {
    for (const part of parts) {
      const full = { ...context, facts };
      if (part.wanted && !part.wanted(full)) continue;
      context.say(`starting ${part.name}`);
      const started = await part.start(full);
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
