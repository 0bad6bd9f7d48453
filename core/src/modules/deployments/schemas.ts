// The HTTP shapes of deployments (docs/deployments.md; every route in docs/api-reference.md).
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Uuid } from '../../contracts/index.js';

const Versions = Type.Record(Type.String(), Type.String({ minLength: 1, maxLength: 128 }), { description: 'the tag per service name; selectable services need one' });
const Ref = Type.Object({ id: Uuid, name: Type.String() });

export const DeploymentStatusView = Type.Union(['pending', 'deploying', 'running', 'failed', 'cancelling', 'deleting', 'deleted', 'offline'].map((s) => Type.Literal(s)));

export const CreateDeployment = Type.Object({ projectId: Uuid, environmentId: Uuid, name: DnsLabel, versions: Type.Optional(Versions) }, { additionalProperties: false });
export type CreateDeployment = Static<typeof CreateDeployment>;

export const CloneDeployment = Type.Object({ name: DnsLabel, versions: Type.Optional(Versions) }, { additionalProperties: false });
export type CloneDeployment = Static<typeof CloneDeployment>;

export const DeploymentFilter = Type.Object({
  projectId: Type.Optional(Uuid),
  environmentId: Type.Optional(Uuid),
  status: Type.Optional(DeploymentStatusView),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type DeploymentFilter = Static<typeof DeploymentFilter>;

export const DeploymentView = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: DeploymentStatusView,
  access: Type.Union([Type.Literal('read'), Type.Literal('full')]),
  project: Ref,
  environment: Ref,
  node: Type.Union([Ref, Type.Null()]),
  pipelineVersion: Type.Integer(),
  versions: Versions,
  services: Type.Array(
    Type.Object({
      id: Type.String({ description: "the service step id: the URL's first label" }),
      service: Type.String(),
      status: Type.String({ description: 'the container as the agent last reported it: created, running, restarting, exited…; removed once the deployment is deleted or failed' }),
      health: Type.String({ description: 'starting, healthy, unhealthy or none (none once removed)' }),
      restartCount: Type.Integer(),
      url: Type.Optional(Type.String({ description: 'the public ingress URL' })),
    }),
  ),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), stepId: Type.Optional(Type.String()) })),
  generation: Type.Integer(),
  attempt: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  lastActivityAt: Type.String(),
  deletedAt: Type.Optional(Type.String()),
  deletedBy: Type.Optional(Type.String()),
  deleteReason: Type.Optional(Type.String()),
});
export type DeploymentView = Static<typeof DeploymentView>;

export const EventView = Type.Object({
  at: Type.String(),
  stepId: Type.Optional(Type.String()),
  phase: Type.String(),
  status: Type.String(),
  message: Type.String(),
  generation: Type.Integer(),
});

export const LogsQuery = Type.Object({
  step: Type.String({ minLength: 1, description: 'the step id: a service, job or plugin step' }),
  since: Type.Optional(Type.String({ description: 'RFC 3339 time or Unix seconds (live service logs only)' })),
  tail: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000, default: 200, description: 'how many of the last lines to answer; after the containers are gone at most the 1,000 kept lines' })),
  follow: Type.Boolean({ default: false, description: 'stream new lines as server-sent events' }),
});
export type LogsQuery = Static<typeof LogsQuery>;

export const LogsView = Type.Object({
  source: Type.Union([Type.Literal('live'), Type.Literal('archive')], { description: 'live from the container, or the lines kept after it was removed' }),
  items: Type.Array(Type.Object({ line: Type.String(), at: Type.Optional(Type.String()), stream: Type.Optional(Type.String()) })),
  total: Type.Integer(),
});

export const MetricsView = Type.Object({
  source: Type.Union([Type.Literal('live'), Type.Literal('heartbeat')]),
  services: Type.Array(Type.Object({ stepId: Type.String(), cpuPercent: Type.Number(), memoryMb: Type.Number() })),
});

export const ExtendView = Type.Object({ expiresAt: Type.String() });
