// A component step: the plugin's image runs its `run` action once (docs/plugin-contract.md, "One run");
// its outputs feed later steps, its secrets and writeOnly outputs join the masks, and a plugin with a
// `rollback` action is recorded so a teardown can undo it.
import type { PlanComponentStep } from '@nullops/core/contracts';
import { preparePluginParams } from '@nullops/core/pipeline';
import { writeOnlyOutputValues } from '../observability/masking.js';
import { invokePlugin } from '../plugins/plugin-invocation.js';
import { StepFailure, type StepRun } from './step-run.js';

export async function runComponent(run: StepRun, step: PlanComponentStep): Promise<void> {
  const params = run.prepared(step.id, preparePluginParams(step.manifest.input, step.params, run.outputs));
  run.addMasks((step.manifest.secrets ?? []).map((key) => params[key]).filter((v): v is string => typeof v === 'string'));
  await run.pull(step.id, step.image, step.pullAuth);
  run.throwIfCancelled(step.id);
  run.progress(step.id, 'plugin', 'started', `${step.manifest.name}@${step.manifest.version}`);
  const result = await invokePlugin(run.host.docker, {
    place: run.place,
    step,
    action: 'run',
    params,
    context: run.invocationContext(),
    killAfterSeconds: run.host.pluginKillAfterSeconds,
    signal: run.signal,
    onLogLine: (line) => run.logLine(step.id, 'stderr', line),
  });
  if (!result.ok) {
    run.progress(step.id, 'plugin', 'failed', result.error.message);
    throw new StepFailure(result.error.code, result.error.message, step.id);
  }
  run.addMasks(writeOnlyOutputValues(step.manifest.output, result.outputs));
  run.outputs[step.id] = result.outputs;
  if (step.manifest.actions.includes('rollback')) {
    run.rollbackCompleted({ stepId: step.id, image: step.image, ...(step.pullAuth ? { pullAuth: step.pullAuth } : {}), manifest: step.manifest, params, outputs: result.outputs });
  }
  run.progress(step.id, 'plugin', 'succeeded');
}
