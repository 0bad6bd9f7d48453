// The component contract (docs/plugin-contract.md): the plugin manifest, the invocation envelope written to a
// plugin's stdin, and the result it writes to stdout.
import { Type, type Static } from '@sinclair/typebox';
import { Resources, Timestamp } from './common.js';

export const COMPONENT_API_VERSION = 'nullops.dev/v1';
export const PLUGIN_NAME_PATTERN = '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?/[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$';
const SEMVER_PATTERN = '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';

/** A JSON Schema document; the catalog checks separately that it is a valid schema. */
export const JsonSchemaDocument = Type.Record(Type.String(), Type.Unknown(), { description: 'A JSON Schema (draft 2020-12 or 07)' });

export const PluginAction = Type.Union([Type.Literal('run'), Type.Literal('rollback')]);
export type PluginAction = Static<typeof PluginAction>;

export const PluginManifest = Type.Object(
  {
    apiVersion: Type.Literal(COMPONENT_API_VERSION),
    name: Type.String({ pattern: PLUGIN_NAME_PATTERN, description: '<scope>/<name>, each a DNS label' }),
    version: Type.String({ pattern: SEMVER_PATTERN, description: 'semver of the plugin' }),
    title: Type.String({ minLength: 1 }),
    description: Type.String(),
    category: Type.String({ minLength: 1 }),
    keywords: Type.Array(Type.String()),
    icon: Type.Optional(Type.String()),
    homepage: Type.Optional(Type.String()),
    license: Type.String({ minLength: 1 }),
    image: Type.String({ minLength: 1, description: 'image reference; the digest resolved at install is what runs' }),
    input: JsonSchemaDocument,
    output: JsonSchemaDocument,
    secrets: Type.Optional(Type.Array(Type.String(), { default: [], description: 'input properties holding secrets; each is writeOnly in input' })),
    timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, default: 300 })),
    actions: Type.Array(PluginAction, { minItems: 1, uniqueItems: true, description: 'always contains run' }),
    network: Type.Optional(Type.Union([Type.Literal('deployment'), Type.Literal('none')], { default: 'deployment' })),
    resources: Type.Optional(Resources),
  },
  { additionalProperties: false },
);
export type PluginManifest = Static<typeof PluginManifest>;

/** The label an image carries its manifest under. */
export const MANIFEST_LABEL = 'dev.nullops.plugin.manifest';

export const ServiceEndpoint = Type.Object({
  host: Type.String(),
  ports: Type.Record(Type.String(), Type.Integer()),
  url: Type.Optional(Type.String()),
  publicUrl: Type.Optional(Type.String()),
});
export type ServiceEndpoint = Static<typeof ServiceEndpoint>;

export const InvocationContext = Type.Object({
  deployment: Type.Object({ id: Type.String(), name: Type.String(), project: Type.String(), environment: Type.String() }),
  services: Type.Record(Type.String(), ServiceEndpoint),
  outputs: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
  attempt: Type.Integer({ minimum: 1 }),
  idempotencyKey: Type.String({ description: '<deployment id>/<generation>/<step id>' }),
  deadline: Timestamp,
});
export type InvocationContext = Static<typeof InvocationContext>;

export const InvocationEnvelope = Type.Object({
  apiVersion: Type.Literal(COMPONENT_API_VERSION),
  action: PluginAction,
  params: Type.Record(Type.String(), Type.Unknown()),
  context: InvocationContext,
});
export type InvocationEnvelope = Static<typeof InvocationEnvelope>;

export const PluginSuccess = Type.Object({ outputs: Type.Record(Type.String(), Type.Unknown()) });
export type PluginSuccess = Static<typeof PluginSuccess>;
export const PluginFailure = Type.Object({
  error: Type.Object({ message: Type.String(), code: Type.Optional(Type.String()) }),
});
export type PluginFailure = Static<typeof PluginFailure>;
export const PluginResult = Type.Union([PluginSuccess, PluginFailure]);
export type PluginResult = Static<typeof PluginResult>;

/** Error codes the agent reports for plugin runs. */
export const PluginErrorCode = {
  badOutput: 'PLUGIN_BAD_OUTPUT',
  timeout: 'PLUGIN_TIMEOUT',
  failed: 'PLUGIN_FAILED',
  badParams: 'PLUGIN_BAD_PARAMS',
} as const;
