// What the agent tells about its node and services: the periodic `heartbeat` (usage and every known
// deployment's services) and the `stats` answer for one deployment.
import type Docker from 'dockerode';
import { AgentErrorCode, type PayloadOf, type ReplyOf } from '@nullops/core/contracts';
import { RequestError } from '../connection/request-error.js';
import type { NodeUsage } from './node-usage.js';
import { observeServices } from './service-observation.js';

export async function heartbeatPayload(docker: Docker, nodeId: string, usage: NodeUsage, known: (deploymentId: string) => boolean): Promise<PayloadOf<'heartbeat'>> {
  const [sample, services] = await Promise.all([usage.sample(), observeServices(docker, nodeId, { withUsage: true })]);
  return {
    at: new Date().toISOString(),
    usage: sample,
    services: services.filter((s) => known(s.deploymentId)).map(({ generation: _g, ...service }) => service),
  };
}

export async function statsOf(docker: Docker, nodeId: string | undefined, deploymentId: string, known: boolean): Promise<ReplyOf<'stats'>> {
  if (!known || !nodeId) throw new RequestError(AgentErrorCode.unknownDeployment, `no deployment ${deploymentId} on this node`);
  const services = await observeServices(docker, nodeId, { deploymentId, withUsage: true });
  return { services: services.map(({ stepId, cpuPercent, memoryMb }) => ({ stepId, cpuPercent, memoryMb })) };
}
