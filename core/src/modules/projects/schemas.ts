// The HTTP shapes of projects: what a write sends and what a read returns (with the caller's access).
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Resources, Uuid } from '../../contracts/index.js';

const AccessLevel = Type.Union([Type.Literal('read'), Type.Literal('full')], { description: "the caller's effective access" });
const TtlHours = Type.Number({ exclusiveMinimum: 0, maximum: 24 * 365, description: 'overrides the environment TTL' });
const NodeSelector = Type.Record(Type.String({ minLength: 1, maxLength: 63 }), Type.String({ maxLength: 253 }), { description: 'node labels a deployment must run on' });
const Description = Type.String({ maxLength: 2000 });

export const CreateProject = Type.Object(
  { name: DnsLabel, description: Type.Optional(Description), resources: Resources, ttlHours: Type.Optional(TtlHours), nodeSelector: Type.Optional(NodeSelector) },
  { additionalProperties: false },
);
export type CreateProject = Static<typeof CreateProject>;

export const UpdateProject = Type.Object(
  {
    name: Type.Optional(DnsLabel),
    description: Type.Optional(Description),
    resources: Type.Optional(Resources),
    ttlHours: Type.Optional(Type.Union([TtlHours, Type.Null()])),
    nodeSelector: Type.Optional(NodeSelector),
  },
  { additionalProperties: false },
);
export type UpdateProject = Static<typeof UpdateProject>;

export const ProjectView = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  resources: Resources,
  ttlHours: Type.Union([Type.Number(), Type.Null()]),
  nodeSelector: Type.Record(Type.String(), Type.String()),
  access: AccessLevel,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ProjectView = Static<typeof ProjectView>;
