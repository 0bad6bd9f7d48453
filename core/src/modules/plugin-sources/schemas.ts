// Plugin sources as written and as read, and the search results relayed from a source.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Timestamp, Uuid } from '../../contracts/common.js';

export const CreatePluginSource = Type.Object(
  {
    name: DnsLabel,
    url: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', description: 'the registry’s base URL (where /.well-known/nullops.json is)' }),
    token: Type.Optional(Type.String({ minLength: 1, writeOnly: true, description: 'sent as a Bearer token; stored encrypted, never returned' })),
  },
  { additionalProperties: false },
);
export type CreatePluginSource = Static<typeof CreatePluginSource>;

export const PluginSourceView = Type.Object({ id: Uuid, name: Type.String(), url: Type.String(), hasToken: Type.Boolean(), createdAt: Timestamp });
export type PluginSourceView = Static<typeof PluginSourceView>;

export const SourceSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    official: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'only plugins of official publishers (true), or none of them (false)' })),
    verified: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'only publishers that proved a domain (true), or none of them (false)' })),
    deprecated: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'false hides deprecated plugins; true shows only them' })),
    sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('downloads'), Type.Literal('updated')])),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, default: 0 }),
  },
  { additionalProperties: false },
);
export type SourceSearchQuery = Static<typeof SourceSearchQuery>;

export const SourceSearchResult = Type.Object({
  items: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'the source’s search items as it sends them (name, latestVersion, title, description, category, publisher…)' }),
  total: Type.Integer(),
});
