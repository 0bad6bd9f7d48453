// The agent's one convergence decision: given what should exist and what Docker has, which objects to
// remove and which pipeline steps may start. Deploy, destroy, resync and orphan cleanup all call it.
import { readySteps, type DagNode } from '@nullops/core/pipeline';

export type ObjectKind = 'container' | 'network' | 'volume';

/** A Docker object carrying our labels, as listed from the engine. */
export interface LabelledObject {
  kind: ObjectKind;
  id: string;
  name: string;
  deploymentId: string;
  generation: number;
  stepId?: string;
}

/** A deployment the agent is told about: `running` keeps it, `absent` removes everything of it. */
export interface DesiredDeployment {
  id: string;
  generation: number;
  want: 'running' | 'absent';
}

/** A pipeline in progress: its graph and how far it got. */
export interface PipelineProgress {
  deploymentId: string;
  steps: readonly DagNode[];
  succeeded: ReadonlySet<string>;
  started: ReadonlySet<string>;
  failed: boolean;
}

export interface Desired {
  /** False until the first `sync` of this process: until then nothing unknown is removed. */
  synced: boolean;
  deployments: readonly DesiredDeployment[];
}

export interface Actual {
  objects: readonly LabelledObject[];
  pipelines: readonly PipelineProgress[];
}

export interface Convergence {
  /** Objects to remove, containers first (a network or volume in use cannot go before them). */
  remove: LabelledObject[];
  /** Steps whose parents all succeeded, in pipelines that have not failed. */
  start: { deploymentId: string; stepId: string }[];
}

const REMOVAL_ORDER: Record<ObjectKind, number> = { container: 0, volume: 1, network: 2 };

export function reconcile(desired: Desired, actual: Actual): Convergence {
  const byId = new Map(desired.deployments.map((d) => [d.id, d]));
  const remove = actual.objects.filter((object) => {
    const deployment = byId.get(object.deploymentId);
    if (!deployment) return desired.synced;
    if (deployment.want === 'absent') return true;
    return object.generation < deployment.generation;
  });
  remove.sort((a, b) => REMOVAL_ORDER[a.kind] - REMOVAL_ORDER[b.kind]);
  const start = actual.pipelines
    .filter((p) => !p.failed && byId.get(p.deploymentId)?.want !== 'absent')
    .flatMap((p) => readySteps(p.steps, p.succeeded, p.started).map((stepId) => ({ deploymentId: p.deploymentId, stepId })));
  return { remove, start };
}

/** Component steps to undo, last completed first (docs/plugin-contract.md, "One run", 6). */
export function rollbackOrder<T extends { stepId: string }>(completedInOrder: readonly T[]): T[] {
  return [...completedInOrder].reverse();
}
