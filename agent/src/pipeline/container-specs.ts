// What Docker is asked to create for each kind of step — plain data from the plan, no I/O: service
// containers, job containers and one-shot plugin containers (docs/plugin-contract.md, "One run", 1).
import type { ContainerCreateOptions } from 'dockerode';
import { DEFAULT_PLUGIN_RESOURCES, type PlanComponentStep, type PlanJobStep, type PlanServiceStep, type Resources } from '@nullops/core/contracts';
import { AGENT_LABELS, containerName, dockerNamePart, objectLabels } from '../docker/labels.js';
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
const MIB = 1024 * 1024;

function limits(resources: Resources): { NanoCpus: number; Memory: number; MemorySwap: number } {
  const memory = Math.round(resources.memoryMb * MIB);
  return { NanoCpus: Math.round(resources.cpu * NANOS), Memory: memory, MemorySwap: memory };
}

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
      ...limits(step.resources),
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
    HostConfig: { ...limits(step.resources), Init: true, RestartPolicy: { Name: 'no' }, NetworkMode: place.network },
    ...networking(place, step.id),
  };
}

/** A one-shot plugin container: no privileges, read-only root, writable /tmp, stdin open for the envelope. */
export function pluginContainerSpec(place: DeploymentPlace, step: Pick<PlanComponentStep, 'id' | 'image' | 'manifest'>, action: string, runId: string): ContainerCreateOptions {
  const network = step.manifest.network === 'none' ? 'none' : place.network;
  return {
    name: `${containerName(place.deploymentId, place.generation, step.id)}-${action}-${dockerNamePart(runId)}`,
    Image: step.image,
    Labels: objectLabels(place.nodeId, place.deploymentId, place.generation, 'plugin', step.id),
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      ...limits(step.manifest.resources ?? DEFAULT_PLUGIN_RESOURCES),
      Init: true,
      NetworkMode: network,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m' },
      RestartPolicy: { Name: 'no' },
    },
    ...networking({ ...place, network }, `${step.id}-${action}`),
  };
}
