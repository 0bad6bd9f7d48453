// The shape of one part of the platform that `startPlatform` starts after the control plane (the local
// agent, the builtin ingress, the demo; next the registry, the studio, the official plugins).
import type { ControlPlane } from '@nullops/core';

export interface PartContext {
  controlPlane: ControlPlane;
  /** Where the control plane listens, e.g. http://127.0.0.1:7700. */
  apiUrl: string;
  say: (message: string) => void;
  /** `nullops up --demo`: seed the example project. */
  demo: boolean;
  /** Facts earlier parts found out for later ones (the ingress port actually bound). */
  facts: { ingressPort?: number };
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
