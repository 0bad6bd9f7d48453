// The pipeline definition an admin saves (docs/catalog-and-pipelines.md): steps of three kinds
// and the edges between them. The editor's layout rides along untouched.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Resources } from '../contracts/common.js';
import { Healthcheck } from '../contracts/plan.js';

const Env = Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String());

export const ServiceStepDefinition = Type.Object(
  {
    id: DnsLabel,
    kind: Type.Literal('service'),
    service: DnsLabel,
    env: Type.Optional(Env),
    command: Type.Optional(Type.Array(Type.String())),
    healthcheck: Type.Optional(Healthcheck),
    resources: Type.Optional(Resources),
  },
  { additionalProperties: false },
);

export const JobStepDefinition = Type.Object(
  {
    id: DnsLabel,
    kind: Type.Literal('job'),
    service: DnsLabel,
    command: Type.Array(Type.String(), { minItems: 1 }),
    env: Type.Optional(Env),
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    resources: Type.Optional(Resources),
  },
  { additionalProperties: false },
);

export const ComponentStepDefinition = Type.Object(
  {
    id: DnsLabel,
    kind: Type.Literal('component'),
    plugin: Type.String({ description: '<scope>/<name>@<semver range>' }),
    params: Type.Record(Type.String(), Type.Unknown()),
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const StepDefinition = Type.Union([ServiceStepDefinition, JobStepDefinition, ComponentStepDefinition]);
export type StepDefinition = Static<typeof StepDefinition>;

export const Edge = Type.Object({ from: Type.String(), to: Type.String() }, { additionalProperties: false });
export type Edge = Static<typeof Edge>;

export const PipelineDefinition = Type.Object(
  {
    steps: Type.Array(StepDefinition),
    edges: Type.Array(Edge),
    layout: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type PipelineDefinition = Static<typeof PipelineDefinition>;
