// The ingress route table, derived from what the database knows: one route per service step of every
// deployment that is routable, pointing at its node's publish address and the service's published port.
import type { Route, RouteTable } from '../../contracts/index.js';

export interface RoutableDeployment {
  id: string;
  name: string;
  status: string;
  environment: { name: string; baseDomain: string };
  node: { publishAddress: string | null; offline: boolean } | null;
  services: { id: string; publishedPort?: number | null; ingress: boolean }[];
}

/** `<service step id>.<deployment>.<environment>.<base domain>`, lower case. */
export function serviceHost(stepId: string, deployment: string, environment: string, baseDomain: string): string {
  return `${stepId}.${deployment}.${environment}.${baseDomain}`.toLowerCase();
}

export function publicUrl(host: string, scheme: 'http' | 'https', port: number | null): string {
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${host}${port && port !== defaultPort ? `:${port}` : ''}/`;
}

export function buildRouteTable(version: number, deployments: readonly RoutableDeployment[]): RouteTable {
  const routes: Route[] = [];
  for (const deployment of deployments) {
    const state = routeState(deployment);
    if (!state) continue;
    for (const service of deployment.services) {
      if (!service.ingress) continue;
      const upstreams = state === 'ready' && deployment.node?.publishAddress && service.publishedPort ? [{ address: deployment.node.publishAddress, port: service.publishedPort }] : [];
      routes.push({
        host: serviceHost(service.id, deployment.name, deployment.environment.name, deployment.environment.baseDomain),
        state: state === 'ready' && upstreams.length === 0 ? 'deploying' : state,
        upstreams,
        deployment: { id: deployment.id, name: deployment.name },
        tls: { environment: deployment.environment.name, baseDomain: deployment.environment.baseDomain },
      });
    }
  }
  routes.sort((a, b) => a.host.localeCompare(b.host));
  return { version, routes };
}

function routeState(deployment: RoutableDeployment): Route['state'] | null {
  if (deployment.status === 'offline' || deployment.node?.offline) return 'offline';
  if (deployment.status === 'running') return 'ready';
  if (deployment.status === 'pending' || deployment.status === 'deploying') return 'deploying';
  return null;
}
