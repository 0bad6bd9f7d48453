// The package API's shapes: a publish request, a version record, a package view and search results.
import { Type, type Static } from '@sinclair/typebox';
import { PublisherView } from '../publishers/schemas.js';

const Name = Type.String({ pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' });
export const NameParams = Type.Object({ scope: Name, name: Name });
export const VersionParams = Type.Object({ scope: Name, name: Name, version: Type.String({ minLength: 1, maxLength: 256 }) });

export const ImageRef = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 512, description: 'the image the manifest names, e.g. ghcr.io/acme/seed:1.2.0' }),
    digest: Type.String({ pattern: '^sha256:[a-f0-9]{64}$', description: 'the digest the registry served at push; what control planes pin' }),
  },
  { additionalProperties: false },
);

export const PublishRequest = Type.Object(
  {
    manifest: Type.Record(Type.String(), Type.Unknown(), { description: 'the plugin manifest (nullops-plugin.json)' }),
    readme: Type.Optional(Type.String({ description: 'Markdown; at most the configured size (256 KiB by default), larger is 413' })),
    changelog: Type.Optional(Type.String({ description: 'Markdown; same limit as the README' })),
    image: ImageRef,
  },
  { additionalProperties: false },
);
export type PublishRequest = Static<typeof PublishRequest>;

export const Published = Type.Object({ name: Type.String(), version: Type.String(), publishedAt: Type.String({ format: 'date-time' }) });

export const VersionRecord = Type.Object({
  name: Type.String(),
  version: Type.String(),
  manifest: Type.Record(Type.String(), Type.Unknown()),
  readme: Type.String(),
  changelog: Type.String(),
  image: ImageRef,
  imageChecked: Type.Boolean({ description: 'the image’s manifest label was read and matched at publish' }),
  deprecated: Type.Optional(Type.String({ description: 'why not to use it (present only when deprecated)' })),
  yanked: Type.Boolean({ description: 'hidden from range resolution; still installable by exact version' }),
  downloads: Type.Integer(),
  publishedAt: Type.String({ format: 'date-time' }),
});
export type VersionRecord = Static<typeof VersionRecord>;

export const VersionChange = Type.Object(
  {
    deprecated: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()], { description: 'a message; null lifts the deprecation' })),
    yanked: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type VersionChange = Static<typeof VersionChange>;

const Summary = {
  name: Type.String(),
  latestVersion: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  keywords: Type.Array(Type.String()),
  icon: Type.Optional(Type.String()),
  apiVersion: Type.String({ description: 'the contract version of the latest version' }),
  publisher: Type.Object({ scope: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]), official: Type.Boolean(), verified: Type.Boolean() }),
  deprecated: Type.Optional(Type.String()),
  downloads: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
};

export const SearchItem = Type.Object(Summary);
export type SearchItem = Static<typeof SearchItem>;
export const SearchResult = Type.Object({ items: Type.Array(SearchItem), total: Type.Integer() });
export type SearchResult = Static<typeof SearchResult>;

export const PackageView = Type.Object({
  ...Summary,
  readme: Type.String(),
  changelog: Type.String(),
  input: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of the latest version’s parameters' }),
  output: Type.Record(Type.String(), Type.Unknown()),
  versions: Type.Array(
    Type.Object({ version: Type.String(), publishedAt: Type.String({ format: 'date-time' }), yanked: Type.Boolean(), deprecated: Type.Optional(Type.String()), downloads: Type.Integer() }),
    { description: 'newest first' },
  ),
  publisherDetails: PublisherView,
});
export type PackageView = Static<typeof PackageView>;

const Flag = Type.Union([Type.Literal('true'), Type.Literal('false')]);
export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'words matched against name (weight A), title (B), keywords (C), description (D); an exact name comes first' })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    official: Type.Optional(Flag),
    verified: Type.Optional(Flag),
    deprecated: Type.Optional(Type.Union([Flag], { description: 'false hides deprecated packages; true shows only them' })),
    contractVersion: Type.Optional(Type.String({ maxLength: 50, description: 'e.g. nullops.dev/v1' })),
    sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('downloads'), Type.Literal('updated')], { default: 'relevance' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;
