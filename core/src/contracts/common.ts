// Small shapes every contract shares: names, ids, resources, registry credentials.
import { Type, type Static } from '@sinclair/typebox';

export const DNS_LABEL_PATTERN = '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';
export const DnsLabel = Type.String({ pattern: DNS_LABEL_PATTERN, description: 'A DNS label: lower-case letters, digits and dashes, at most 63 characters.' });

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601 UTC' });

export const Resources = Type.Object(
  {
    cpu: Type.Number({ exclusiveMinimum: 0, description: 'CPU cores, like docker --cpus' }),
    memoryMb: Type.Integer({ minimum: 4, description: 'Memory limit in MiB' }),
  },
  { additionalProperties: false },
);
export type Resources = Static<typeof Resources>;

export const PullAuth = Type.Union([
  Type.Object({ username: Type.String(), password: Type.String() }, { additionalProperties: false }),
  Type.Object({ token: Type.String() }, { additionalProperties: false }),
]);
export type PullAuth = Static<typeof PullAuth>;

export const ErrorInfo = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
  message: Type.String(),
  stepId: Type.Optional(Type.String()),
});
export type ErrorInfo = Static<typeof ErrorInfo>;
