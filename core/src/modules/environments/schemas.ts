// The HTTP shapes of environments: what a write sends and what a read returns (with the caller's access).
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Uuid } from '../../contracts/index.js';

const AccessLevel = Type.Union([Type.Literal('read'), Type.Literal('full')], { description: "the caller's effective access" });
const BaseDomain = Type.String({
  pattern: '^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$',
  description: 'deployments get URLs <service>.<deployment>.<environment>.<baseDomain>',
});
const TtlHours = Type.Number({ exclusiveMinimum: 0, maximum: 24 * 365, description: 'default lifetime of a deployment' });
const IngressScheme = Type.Union([Type.Literal('http'), Type.Literal('https')], { description: 'scheme of public URLs' });
const IngressPort = Type.Integer({ minimum: 1, maximum: 65535, description: 'port of public URLs, when not the scheme default' });

export const CreateEnvironment = Type.Object(
  { name: DnsLabel, baseDomain: BaseDomain, ttlHours: TtlHours, ingressScheme: Type.Optional(IngressScheme), ingressPort: Type.Optional(IngressPort) },
  { additionalProperties: false },
);
export type CreateEnvironment = Static<typeof CreateEnvironment>;

export const UpdateEnvironment = Type.Object(
  {
    name: Type.Optional(DnsLabel),
    baseDomain: Type.Optional(BaseDomain),
    ttlHours: Type.Optional(TtlHours),
    ingressScheme: Type.Optional(Type.Union([IngressScheme, Type.Null()])),
    ingressPort: Type.Optional(Type.Union([IngressPort, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateEnvironment = Static<typeof UpdateEnvironment>;

export const EnvironmentView = Type.Object({
  id: Uuid,
  name: Type.String(),
  baseDomain: Type.String(),
  ttlHours: Type.Number(),
  ingressScheme: Type.Union([IngressScheme, Type.Null()]),
  ingressPort: Type.Union([Type.Integer(), Type.Null()]),
  access: AccessLevel,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type EnvironmentView = Static<typeof EnvironmentView>;
