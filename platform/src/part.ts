// The shape of one part of the platform that `startPlatform` starts after the control plane (the local
// agent, the builtin ingress, the demo; next the registry, the studio, the official plugins).
import type { ControlPlane } from '@nullops/core';
import type { PublishablePlugin } from '@nullops/registry';

/** The local plugin registry, for the parts after it: where it is, and publishing the official plugins into it. */
export interface LocalRegistryFacts {
  url: string;
  /** Publishes (or finds already published) the official plugins as publisher `nullops`; resolves with one line saying what it did. */
  publishOfficial(plugins: PublishablePlugin[]): Promise<string>;
}

export interface PartContext {
  controlPlane: ControlPlane;
  /** Where the control plane listens, e.g. http://127.0.0.1:7700. */
  apiUrl: string;
  say: (message: string) => void;
  /** `nullops up --demo`: seed the example project. */
  demo: boolean;
  /** Facts earlier parts found out for later ones (the ingress port actually bound). */
  facts: { ingressPort?: number; officialPlugins?: Promise<boolean>; localRegistry?: LocalRegistryFacts };
}

export interface StartedPart {
  /** Lines for the "NullOps is up" summary, e.g. `Agent      wss://…`. */
  lines: string[];
  stop(): Promise<void>;
  facts?: PartContext['facts'];
}

export interface PlatformPart {
  /** What `nullops up` says it is starting, e.g. "the local agent". */
  name: string;
  /** Whether to start it at all (default: yes). */
  wanted?(context: PartContext): boolean;
  start(context: PartContext): Promise<StartedPart>;
}
