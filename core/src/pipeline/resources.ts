// How a project's reservation is split among its steps (docs/agent-protocol.md, "The plan"): a service or job step
// may set its own resources; the rest is split evenly among the services without one; a job without
// one gets the same share as a service. Computed in milli-cores and MiB so no rounding drifts.
import type { Resources } from '../contracts/common.js';

export interface ResourceStep {
  id: string;
  kind: 'service' | 'job' | 'component';
  resources?: Resources;
}

export type ResourceSplit =
  | { ok: true; perStep: Map<string, Resources> }
  | { ok: false; message: string; short: { cpu: boolean; memoryMb: boolean } };

const MIN_SHARE = { milli: 10, memoryMb: 4 };

const milli = (cpu: number) => Math.round(cpu * 1000);

export function splitResources(steps: readonly ResourceStep[], project: Resources): ResourceSplit {
  const containers = steps.filter((s) => s.kind !== 'component');
  const explicit = containers.filter((s) => s.resources);
  const usedMilli = explicit.reduce((sum, s) => sum + milli(s.resources!.cpu), 0);
  const usedMemory = explicit.reduce((sum, s) => sum + s.resources!.memoryMb, 0);
  const restMilli = milli(project.cpu) - usedMilli;
  const restMemory = project.memoryMb - usedMemory;
  const fmt = (m: number) => `${m / 1000}`;
  if (restMilli < 0 || restMemory < 0) {
    return {
      ok: false,
      short: { cpu: restMilli < 0, memoryMb: restMemory < 0 },
      message:
        `The steps' own resources add up to ${fmt(usedMilli)} CPU and ${usedMemory} MiB, more than the project's ` +
        `${project.cpu} CPU and ${project.memoryMb} MiB (${explicit.map((s) => s.id).join(', ')}).`,
    };
  }
  const services = containers.filter((s) => !s.resources && s.kind === 'service');
  const jobs = containers.filter((s) => !s.resources && s.kind === 'job');
  const sharers = services.length || (jobs.length ? 1 : 0);
  const perStep = new Map<string, Resources>(explicit.map((s) => [s.id, s.resources!]));
  if (sharers === 0) return { ok: true, perStep };
  const shareMilli = Math.floor(restMilli / sharers);
  const shareMemory = Math.floor(restMemory / sharers);
  if (shareMilli < MIN_SHARE.milli || shareMemory < MIN_SHARE.memoryMb) {
    return {
      ok: false,
      short: { cpu: shareMilli < MIN_SHARE.milli, memoryMb: shareMemory < MIN_SHARE.memoryMb },
      message:
        `After the steps with their own resources, ${fmt(restMilli)} CPU and ${restMemory} MiB of the project's reservation are left ` +
        `for ${[...services, ...jobs].map((s) => s.id).join(', ')}: less than ${MIN_SHARE.milli / 1000} CPU and ${MIN_SHARE.memoryMb} MiB each.`,
    };
  }
  const share: Resources = { cpu: shareMilli / 1000, memoryMb: shareMemory };
  for (const step of [...services, ...jobs]) perStep.set(step.id, share);
  return { ok: true, perStep };
}
