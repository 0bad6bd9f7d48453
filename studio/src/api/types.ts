// The shapes the studio reads, named by the route that answers them: every one comes from
// generated.ts (the control plane's route schemas), none is written by hand here.
import type { PipelineDefinition } from '@nullops/core/pipeline';
import type { ApiResponses } from './generated';

export type { ApiRequests, ApiResponses } from './generated';

/** Every list answer: `{items, total}` (core's ListOf). */
export interface List<T> {
  items: T[];
  total: number;
}

type ItemOf<Route extends keyof ApiResponses> = ApiResponses[Route] extends { items: (infer Item)[] } ? Item : never;

export type Ref = Deployment['project'];
export type Me = ApiResponses['GET /auth/me'];
export type User = ApiResponses['GET /users/{id}'];
export type Deployment = ApiResponses['GET /deployments/{id}'];
export type DeploymentStatus = Deployment['status'];
export type Access = Deployment['access'];
export type DeploymentService = Deployment['services'][number];
export type DeploymentEvent = ItemOf<'GET /deployments/{id}/events'>;
export type DeploymentLogs = ApiResponses['GET /deployments/{id}/logs'];
export type DeploymentMetrics = ApiResponses['GET /deployments/{id}/metrics'];
export type Project = ApiResponses['GET /projects/{id}'];
export type Environment = ApiResponses['GET /environments/{id}'];
export type Registry = ApiResponses['GET /registries/{id}'];
export type Service = ApiResponses['GET /services/{id}'];
export type Team = ApiResponses['GET /teams/{id}'];
export type Grant = ItemOf<'GET /projects/{id}/grants'>;
export type NodeInfo = ApiResponses['GET /nodes/{id}'];
/** The route answers the definition as an open object; its shape is the pipeline contract's. */
export type PipelineVersion = Omit<ApiResponses['GET /projects/{id}/pipeline/versions/{version}'], 'definition'> & { definition: PipelineDefinition };
export type PipelineStep = PipelineDefinition['steps'][number];
export type AuditItem = ItemOf<'GET /audit'>;
export type PluginListItem = ItemOf<'GET /plugins'>;
export type PluginDetail = ApiResponses['GET /plugins/{scope}/{name}'];
