// The labels on every Docker object the agent creates (docs/agent-protocol.md, "Agent rules that follow"), plus
// the agent's own extras that let it rebuild state and judge health from Docker alone after a restart.
import { LABELS } from '@nullops/core/contracts';

export const AGENT_LABELS = {
  ...LABELS,
  /** service | job | plugin | network | volume */
  role: 'dev.nullops.role',
  /** How the agent probes a service (no secrets): JSON of {type, port, path?, expectStatus?}. */
  probe: 'dev.nullops.probe',
} as const;

export type ObjectRole = 'service' | 'job' | 'plugin' | 'network' | 'volume';

export function objectLabels(nodeId: string, deploymentId: string, generation: number, role: ObjectRole, stepId?: string): Record<string, string> {
  return {
    [AGENT_LABELS.node]: nodeId,
    [AGENT_LABELS.deployment]: deploymentId,
    [AGENT_LABELS.generation]: String(generation),
    [AGENT_LABELS.step]: stepId ?? '',
    [AGENT_LABELS.role]: role,
  };
}

/** A Docker-safe name part: anything outside [a-zA-Z0-9_.-] becomes a dash. */
export const dockerNamePart = (text: string): string => text.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 80);

export const networkName = (deploymentId: string, generation: number): string => `nullops-${dockerNamePart(deploymentId)}-g${generation}`;
export const containerName = (deploymentId: string, generation: number, stepId: string): string =>
  `nullops-${dockerNamePart(deploymentId)}-g${generation}-${dockerNamePart(stepId)}`;
