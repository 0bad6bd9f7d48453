// What each pipeline step is doing, read from the deployment's progress events (latest generation).
import type { DeploymentEvent } from '../api/types';

export type StepState = 'waiting' | 'running' | 'done' | 'failed' | 'rolled back';

export function stepStates(events: readonly Pick<DeploymentEvent, 'stepId' | 'phase' | 'status' | 'generation'>[], deploymentStatus: string): Map<string, StepState> {
  // The latest generation that ran steps: a delete or cancel starts a generation of its own whose
  // events (destroy) name no step, and the graph keeps showing what the steps did.
  const generation = Math.max(0, ...events.filter((e) => e.stepId).map((e) => e.generation ?? 0));
  const states = new Map<string, StepState>();
  for (const event of events) {
    if (!event.stepId || (event.generation ?? 0) !== generation) continue;
    const before = states.get(event.stepId);
    if (event.phase === 'rollback' || event.phase === 'destroy') {
      if (before !== 'failed') states.set(event.stepId, 'rolled back');
      continue;
    }
    if (event.status === 'failed') states.set(event.stepId, 'failed');
    else if (before === 'failed') continue;
    else if (event.status === 'succeeded' && ['health', 'plugin', 'job'].includes(event.phase)) states.set(event.stepId, 'done');
    else if (before !== 'done') states.set(event.stepId, 'running');
  }
  if (deploymentStatus === 'running') for (const [id, state] of states) if (state === 'running') states.set(id, 'done');
  // A cancelled pipeline's step that was still running was stopped and rolled back with the rest.
  if (deploymentStatus === 'deleted' || deploymentStatus === 'cancelling') for (const [id, state] of states) if (state === 'running') states.set(id, 'rolled back');
  return states;
}
