// What the agent can say about its service containers right now, from Docker alone (so it works after
// a restart): status, health by the probe label, published port, restarts, memory, CPU, uptime, error.
import type Docker from 'dockerode';
import type { ContainerInspectInfo } from 'dockerode';
import type { Health } from '@nullops/core/contracts';
import { AGENT_LABELS } from '../docker/labels.js';
import { probeHttp, probeTcp, type Probe } from '../pipeline/health-probe.js';

export interface ServiceObservation {
  deploymentId: string;
  generation: number;
  stepId: string;
  status: string;
  health: Health;
  publishedPort?: number;
  restartCount: number;
  memoryMb: number;
  cpuPercent: number;
  uptimeSeconds: number;
  lastError?: string;
}

const MIB = 1024 * 1024;

export function publishedPortOf(info: ContainerInspectInfo): number | undefined {
  for (const bindings of Object.values(info.NetworkSettings.Ports ?? {})) {
    const port = Number(bindings?.[0]?.HostPort);
    if (port) return port;
  }
  return undefined;
}

async function healthOf(info: ContainerInspectInfo): Promise<Health> {
  if (!info.State.Running) return info.State.Restarting ? 'starting' : 'unhealthy';
  let probe: Probe;
  try {
    probe = JSON.parse(info.Config.Labels?.[AGENT_LABELS.probe] ?? '{"type":"running"}') as Probe;
  } catch {
    probe = { type: 'running' };
  }
  if (probe.type === 'running') return 'healthy';
  if (probe.type === 'docker') {
    const status = info.State.Health?.Status;
    return status === 'healthy' ? 'healthy' : status === 'unhealthy' ? 'unhealthy' : 'starting';
  }
  const address = Object.values(info.NetworkSettings.Networks ?? {})[0]?.IPAddress;
  if (!address) return 'unhealthy';
  const ok = probe.type === 'tcp' ? await probeTcp(address, probe.port, 1000) : await probeHttp(address, probe.port, probe.path, probe.expectStatus, 1000);
  return ok ? 'healthy' : 'unhealthy';
}

interface StatsSample {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; stats?: { cache?: number; inactive_file?: number } };
}

/** CPU (percent of one core) and memory from one `docker stats` sample (two readings, about a second apart). */
export async function containerUsage(docker: Docker, id: string): Promise<{ cpuPercent: number; memoryMb: number }> {
  try {
    const s = (await docker.getContainer(id).stats({ stream: false })) as unknown as StatsSample;
    const cpuDelta = s.cpu_stats.cpu_usage.total_usage - (s.precpu_stats.cpu_usage?.total_usage ?? 0);
    const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
    const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * (s.cpu_stats.online_cpus ?? 1) * 100 : 0;
    const cache = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.cache ?? 0;
    return { cpuPercent: Math.round(cpuPercent * 10) / 10, memoryMb: Math.round((Math.max(0, (s.memory_stats.usage ?? 0) - cache) / MIB) * 10) / 10 };
  } catch {
    return { cpuPercent: 0, memoryMb: 0 };
  }
}

export async function observeServices(docker: Docker, nodeId: string, options: { deploymentId?: string; withUsage: boolean }): Promise<ServiceObservation[]> {
  const label = [`${AGENT_LABELS.node}=${nodeId}`, `${AGENT_LABELS.role}=service`, ...(options.deploymentId ? [`${AGENT_LABELS.deployment}=${options.deploymentId}`] : [])];
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label }) });
  const observed = await Promise.all(
    containers.map(async (c) => {
      const info = await docker.getContainer(c.Id).inspect().catch(() => null);
      if (!info) return null;
      const labels = info.Config.Labels ?? {};
      const usage = options.withUsage && info.State.Running ? await containerUsage(docker, c.Id) : { cpuPercent: 0, memoryMb: 0 };
      const startedAt = Date.parse(info.State.StartedAt);
      const lastError = info.State.Error || (info.State.OOMKilled ? 'killed: out of memory' : !info.State.Running && info.State.ExitCode ? `exited with code ${info.State.ExitCode}` : undefined);
      const port = publishedPortOf(info);
      const observation: ServiceObservation = {
        deploymentId: labels[AGENT_LABELS.deployment],
        generation: Number(labels[AGENT_LABELS.generation]) || 0,
        stepId: labels[AGENT_LABELS.step],
        status: info.State.Status,
        health: await healthOf(info),
        ...(port ? { publishedPort: port } : {}),
        restartCount: info.RestartCount ?? 0,
        ...usage,
        uptimeSeconds: info.State.Running && startedAt > 0 ? Math.round((Date.now() - startedAt) / 1000) : 0,
        ...(lastError ? { lastError } : {}),
      };
      return observation;
    }),
  );
  return observed.filter((o): o is ServiceObservation => o !== null).sort((a, b) => a.stepId.localeCompare(b.stepId));
}
