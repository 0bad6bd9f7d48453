// What Docker is asked to create for each kind of step — plain data from the plan, no I/O: service
// containers and job containers (plugin containers: `@nullops/sdk/runner`).
import type { ContainerCreateOptions } from 'dockerode';
import type { PlanJobStep, PlanServiceStep } from '@nullops/core/contracts';
import { resourceLimits } from '@nullops/sdk/runner';
import { AGENT_LABELS, containerName, objectLabels } from '../docker/labels.js';
import type { Probe } from './health-probe.js';

export interface DeploymentPlace {
  nodeId: string;
  deploymentId: string;
  generation: number;
  /** Docker network name, or "none". */
  network: string;
  publishAddress: string;
}

const NANOS = 1e9;

const envList = (env: Record<string, string>): string[] => Object.entries(env).map(([k, v]) => `${k}=${v}`);

function networking(place: DeploymentPlace, alias: string): Pick<ContainerCreateOptions, 'NetworkingConfig'> {
  if (place.network === 'none' || place.network === 'bridge') return {};
  return { NetworkingConfig: { EndpointsConfig: { [place.network]: { Aliases: [alias] } } } };
}

export function serviceContainerSpec(place: DeploymentPlace, step: PlanServiceStep, probe: Probe, volumes: readonly { name: string; path: string }[]): ContainerCreateOptions {
  const ingress = step.ports.find((p) => p.ingress);
  const health = step.healthcheck;
  return {
    name: containerName(place.deploymentId, place.generation, step.id),
    Image: step.image,
    Env: envList(step.env),
    ...(step.command ? { Cmd: step.command } : {}),
    Labels: { ...objectLabels(place.nodeId, place.deploymentId, place.generation, 'service', step.id), [AGENT_LABELS.probe]: JSON.stringify(probe) },
    ExposedPorts: Object.fromEntries(step.ports.map((p) => [`${p.port}/tcp`, {}])),
    ...(health?.type === 'command'
      ? {
          Healthcheck: {
            Test: ['CMD', ...health.command],
            Interval: Math.round((health.intervalSeconds ?? 2) * NANOS),
            Timeout: Math.round((health.timeoutSeconds ?? 2) * NANOS),
            Retries: health.retries ?? 30,
            StartPeriod: Math.round((health.startPeriodSeconds ?? 0) * NANOS),
          },
        }
      : {}),
    HostConfig: {
      ...resourceLimits(step.resources),
      Init: true,
      RestartPolicy: { Name: 'unless-stopped' },
      NetworkMode: place.network,
      PortBindings: ingress ? { [`${ingress.port}/tcp`]: [{ HostIp: place.publishAddress, HostPort: '' }] } : {},
      Mounts: volumes.map((v) => ({ Type: 'volume' as const, Source: v.name, Target: v.path })),
    },
    ...networking(place, step.id),
  };
}

export function jobContainerSpec(place: DeploymentPlace, step: PlanJobStep): ContainerCreateOptions {
  return {
    name: containerName(place.deploymentId, place.generation, step.id),
    Image: step.image,
    Env: envList(step.env),
    Cmd: step.command,
    Labels: objectLabels(place.nodeId, place.deploymentId, place.generation, 'job', step.id),
    HostConfig: { ...resourceLimits(step.resources), Init: true, RestartPolicy: { Name: 'no' }, NetworkMode: place.network },
    ...networking(place, step.id),
  };
}
