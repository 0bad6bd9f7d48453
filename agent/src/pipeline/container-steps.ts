// Service and job steps: pull, create and start the container; a service is done once healthy, a job
// once it exits 0 within its timeout (its output streams as the step's log).
import { AgentErrorCode, type PlanJobStep, type PlanServiceStep } from '@nullops/core/contracts';
import { prepareContainerStep } from '@nullops/core/pipeline';
import { streamLogLines } from '../docker/container-logs.js';
import { dockerNamePart, objectLabels } from '../docker/labels.js';
import { jobContainerSpec, serviceContainerSpec } from './container-specs.js';
import { probeFor, probeHttp, probeTcp, type Probe, type ProbeTiming } from './health-probe.js';
import { sleepUnlessAborted, StepFailure, type StepRun } from './step-run.js';

/** Named, labelled volumes for the paths the image declares as VOLUME, so removal and cleanup find them. */
async function imageVolumes(run: StepRun, step: PlanServiceStep): Promise<{ name: string; path: string }[]> {
  const info = await run.host.docker.getImage(step.image).inspect();
  const paths = Object.keys(info.Config?.Volumes ?? {});
  return Promise.all(
    paths.map(async (path, index) => {
      const name = `${run.place.network}-${dockerNamePart(step.id)}-${index}`;
      await run.host.docker.createVolume({ Name: name, Labels: objectLabels(run.host.nodeId, run.plan.deploymentId, run.plan.generation, 'volume', step.id) });
      return { name, path };
    }),
  );
}

export async function runService(run: StepRun, planned: PlanServiceStep): Promise<void> {
  const step = run.prepared(planned.id, prepareContainerStep(planned, run.outputs));
  await run.pull(step.id, step.image, step.pullAuth);
  run.throwIfCancelled(step.id);
  let probe: ReturnType<typeof probeFor>;
  try {
    probe = probeFor(step.healthcheck, step.ports);
  } catch (error) {
    throw new StepFailure(AgentErrorCode.containerFailed, (error as Error).message, step.id);
  }
  run.progress(step.id, 'create', 'started');
  const container = await run.host.docker
    .createContainer(serviceContainerSpec(run.place, step, probe.probe, await imageVolumes(run, step)))
    .catch((error: Error) => {
      run.progress(step.id, 'create', 'failed', error.message);
      throw new StepFailure(AgentErrorCode.containerFailed, `cannot create the container: ${error.message}`, step.id);
    });
  run.progress(step.id, 'create', 'succeeded');
  run.throwIfCancelled(step.id);
  run.progress(step.id, 'start', 'started');
  await container.start().catch((error: Error) => {
    run.progress(step.id, 'start', 'failed', error.message);
    throw new StepFailure(AgentErrorCode.containerFailed, `cannot start the container: ${error.message}`, step.id);
  });
  run.progress(step.id, 'start', 'succeeded');
  run.progress(step.id, 'health', 'started');
  try {
    await waitHealthy(run, container.id, probe.probe, probe.timing);
  } catch (error) {
    run.progress(step.id, 'health', 'failed', (error as Error).message);
    throw error instanceof StepFailure ? new StepFailure(error.code, error.message, step.id) : error;
  }
  run.progress(step.id, 'health', 'succeeded');
}

async function waitHealthy(run: StepRun, containerId: string, probe: Probe, timing: ProbeTiming): Promise<void> {
  const startedAt = Date.now();
  let failures = 0;
  for (;;) {
    if (run.signal.aborted) throw new StepFailure(AgentErrorCode.cancelled, 'cancelled');
    const info = await run.host.docker.getContainer(containerId).inspect();
    const state = info.State;
    if (state.Status === 'exited' || state.Status === 'dead' || (state.Restarting && info.RestartCount > 0)) {
      throw new StepFailure(AgentErrorCode.containerFailed, `the container stopped (exit code ${state.ExitCode}${state.OOMKilled ? ', out of memory' : ''})`);
    }
    const address = info.NetworkSettings.Networks?.[run.place.network]?.IPAddress;
    let healthy = false;
    if (state.Running) {
      if (probe.type === 'running') healthy = true;
      else if (probe.type === 'docker') {
        if (state.Health?.Status === 'healthy') healthy = true;
        if (state.Health?.Status === 'unhealthy') throw new StepFailure(AgentErrorCode.unhealthy, 'the healthcheck command reports unhealthy');
      } else if (address) {
        healthy = probe.type === 'tcp' ? await probeTcp(address, probe.port, timing.timeoutMs) : await probeHttp(address, probe.port, probe.path, probe.expectStatus, timing.timeoutMs);
      }
    }
    if (healthy) return;
    if (probe.type !== 'docker' && Date.now() - startedAt >= timing.startPeriodMs && ++failures >= timing.retries) {
      throw new StepFailure(AgentErrorCode.unhealthy, `not healthy after ${failures} ${probe.type} probes`);
    }
    await sleepUnlessAborted(probe.type === 'docker' ? 250 : timing.intervalMs, run.signal);
  }
}

export async function runJob(run: StepRun, planned: PlanJobStep): Promise<void> {
  const step = run.prepared(planned.id, prepareContainerStep(planned, run.outputs));
  await run.pull(step.id, step.image, step.pullAuth);
  run.throwIfCancelled(step.id);
  run.progress(step.id, 'job', 'started');
  const container = await run.host.docker.createContainer(jobContainerSpec(run.place, step)).catch((error: Error) => {
    throw new StepFailure(AgentErrorCode.containerFailed, `cannot create the job container: ${error.message}`, step.id);
  });
  await container.start();
  const logs = new AbortController();
  const following = streamLogLines(run.host.docker, container.id, { follow: true, signal: logs.signal }, (stream, at, line) => run.logLine(step.id, stream, line, at)).catch(() => undefined);
  let timedOut = false;
  const stop = () => container.stop({ t: 5 }).catch(() => undefined);
  const timer = setTimeout(() => {
    timedOut = true;
    void stop();
  }, (step.timeoutSeconds ?? 600) * 1000);
  run.signal.addEventListener('abort', stop, { once: true });
  try {
    const result = (await container.wait()) as { StatusCode: number };
    await Promise.race([following, sleepUnlessAborted(1000, logs.signal)]);
    run.throwIfCancelled(step.id);
    if (timedOut) throw new StepFailure(AgentErrorCode.jobTimeout, `the job exceeded its timeout of ${step.timeoutSeconds} s`, step.id);
    if (result.StatusCode !== 0) throw new StepFailure(AgentErrorCode.jobFailed, `the job exited with code ${result.StatusCode}`, step.id);
    run.progress(step.id, 'job', 'succeeded');
  } catch (error) {
    run.progress(step.id, 'job', 'failed', (error as Error).message);
    throw error;
  } finally {
    clearTimeout(timer);
    logs.abort();
    run.signal.removeEventListener('abort', stop);
  }
}
