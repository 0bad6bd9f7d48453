// The publisher API's shapes, as written and as read.
import { Type, type Static } from '@sinclair/typebox';

export const Scope = Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'a DNS label: the first half of every plugin name the publisher owns' });
const Domain = Type.String({ pattern: '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$', description: 'a host name the publisher controls' });

export const CreatePublisher = Type.Object(
  { scope: Scope, displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), official: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CreatePublisher = Static<typeof CreatePublisher>;

export const UpdatePublisher = Type.Object(
  { displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), official: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type UpdatePublisher = Static<typeof UpdatePublisher>;

export const PublisherView = Type.Object({
  scope: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  official: Type.Boolean({ description: 'set by the registry admin' }),
  verified: Type.Boolean({ description: 'the publisher proved control of `domain`' }),
  domain: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type PublisherView = Static<typeof PublisherView>;

export const CreateToken = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false });
export const TokenCreated = Type.Object({ id: Type.String(), name: Type.String(), token: Type.String({ description: 'shown once; stored hashed' }) });
export const PublisherCreated = Type.Object({ publisher: PublisherView, token: TokenCreated });

export const ClaimDomain = Type.Object({ domain: Domain }, { additionalProperties: false });
export type ClaimDomain = Static<typeof ClaimDomain>;
export const DomainClaim = Type.Object({
  domain: Type.String(),
  token: Type.String({ description: 'serve exactly this text at `url`, then call verify' }),
  url: Type.String(),
  verified: Type.Boolean(),
});
