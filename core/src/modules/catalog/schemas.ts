// The catalog's API shapes: registries, services and plugins as written and as read.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DnsLabel, Timestamp, Uuid } from '../../contracts/common.js';
import { PLUGIN_NAME_PATTERN } from '../../contracts/component.js';
import { Healthcheck, ServicePort } from '../../contracts/plan.js';
import { TAG_PATTERN } from '../../pipeline/index.js';
import { IMAGE_PATTERN } from './image-reference.js';

/**
 * The contract's health check without its `default`s: route validation runs Ajv in strict mode, which
 * refuses defaults inside a union (it could not apply them). Every field it would default must be given.
 */
function withoutDefaults<T extends TSchema>(schema: T): T {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string | symbol, unknown> = {};
    for (const key of Reflect.ownKeys(node)) if (key !== 'default') out[key] = strip((node as Record<string | symbol, unknown>)[key]);
    return out;
  };
  return strip(schema) as T;
}
const ServiceHealthcheck = withoutDefaults(Healthcheck);

const Ref = Type.Object({ id: Uuid, name: Type.String() });
const Url = Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', description: 'the registry API base URL, e.g. https://ghcr.io or http://127.0.0.1:5001' });
const Env = Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String());

export const CreateRegistry = Type.Object(
  {
    name: DnsLabel,
    url: Url,
    username: Type.Optional(Type.String({ minLength: 1 })),
    password: Type.Optional(Type.String({ minLength: 1, writeOnly: true, description: 'a password or an access token; stored encrypted, never returned' })),
  },
  { additionalProperties: false },
);
export type CreateRegistry = Static<typeof CreateRegistry>;

export const UpdateRegistry = Type.Object(
  {
    name: Type.Optional(DnsLabel),
    url: Type.Optional(Url),
    username: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'null removes the credentials' })),
    password: Type.Optional(Type.Union([Type.String({ minLength: 1, writeOnly: true }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateRegistry = Static<typeof UpdateRegistry>;

export const RegistryView = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  hasPassword: Type.Boolean({ description: 'whether a password is stored (it is never returned)' }),
  builtin: Type.Boolean({ description: 'Docker Hub, present by default' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RegistryView = Static<typeof RegistryView>;

export const RegistryCheck = Type.Object({ ok: Type.Boolean(), message: Type.String() });

const TagMode = Type.Union([Type.Literal('pinned'), Type.Literal('selectable')]);
const ServiceFields = {
  name: DnsLabel,
  registryId: Uuid,
  image: Type.String({ pattern: IMAGE_PATTERN, description: 'the repository path, without registry host or tag: shop/web, postgres' }),
  tagMode: TagMode,
  tag: Type.Optional(Type.String({ pattern: TAG_PATTERN, description: 'required when pinned' })),
  tagPattern: Type.Optional(Type.String({ minLength: 1, description: 'glob of the tags a selectable service offers: v1.*, feature-*' })),
  ports: Type.Array(ServicePort, { description: 'at most one with ingress: true' }),
  env: Type.Optional(Env),
  healthcheck: Type.Optional(ServiceHealthcheck),
};

export const CreateService = Type.Object(ServiceFields, { additionalProperties: false });
export type CreateService = Static<typeof CreateService>;

export const UpdateService = Type.Object(
  {
    ...Type.Partial(Type.Object(ServiceFields)).properties,
    tag: Type.Optional(Type.Union([Type.String({ pattern: TAG_PATTERN }), Type.Null()])),
    tagPattern: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    healthcheck: Type.Optional(Type.Union([ServiceHealthcheck, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateService = Static<typeof UpdateService>;

export const ServiceView = Type.Object({
  id: Uuid,
  name: Type.String(),
  registry: Ref,
  image: Type.String(),
  imageReference: Type.String({ description: 'what Docker pulls, without the tag' }),
  tagMode: TagMode,
  tag: Type.Union([Type.String(), Type.Null()]),
  tagPattern: Type.Union([Type.String(), Type.Null()]),
  ports: Type.Array(ServicePort),
  env: Env,
  healthcheck: Type.Union([ServiceHealthcheck, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ServiceView = Static<typeof ServiceView>;

export const TagList = Type.Object({
  items: Type.Array(Type.Object({ tag: Type.String() })),
  total: Type.Integer(),
});

export const InstallFromManifest = Type.Object(
  {
    manifest: Type.Record(Type.String(), Type.Unknown(), { description: 'the plugin manifest (nullops-plugin.json)' }),
    registryId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const InstallFromSource = Type.Object(
  {
    source: Uuid,
    name: Type.String({ pattern: PLUGIN_NAME_PATTERN, description: '<scope>/<name>' }),
    version: Type.Optional(Type.String({ minLength: 1, description: 'an exact version (yanked ones included)' })),
    range: Type.Optional(Type.String({ minLength: 1, description: 'a semver range; the source picks the highest version not yanked' })),
  },
  { additionalProperties: false },
);
export type InstallFromSource = Static<typeof InstallFromSource>;

export const InstallPlugin = Type.Union([InstallFromManifest, InstallFromSource]);
export type InstallPlugin = Static<typeof InstallPlugin>;

export const PluginVersionView = Type.Object({
  name: Type.String(),
  version: Type.String(),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  keywords: Type.Array(Type.String()),
  icon: Type.Optional(Type.String()),
  image: Type.String({ description: 'repository@digest: what runs' }),
  digest: Type.String(),
  registry: Ref,
  manifest: Type.Record(Type.String(), Type.Unknown()),
  installedBy: Type.Union([Type.String(), Type.Null()]),
  installedAt: Timestamp,
});
export type PluginVersionView = Static<typeof PluginVersionView>;

export const PluginView = Type.Object({
  name: Type.String(),
  latestVersion: Type.String(),
  versions: Type.Array(Type.String(), { description: 'newest first' }),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  keywords: Type.Array(Type.String()),
  icon: Type.Optional(Type.String()),
  manifest: Type.Record(Type.String(), Type.Unknown(), { description: 'the latest version, with the input/output JSON Schemas the studio renders forms from' }),
});
export type PluginView = Static<typeof PluginView>;

export const PluginDetail = Type.Object({ name: Type.String(), versions: Type.Array(PluginVersionView, { description: 'newest first' }) });
