// The pipeline API's shapes. Definitions come in loosely typed on purpose: the validator, not the body
// schema, reports what is wrong with one, with step ids and stable codes (422 PIPELINE_INVALID).
import { Type, type Static } from '@sinclair/typebox';
import { Plan, Timestamp, Uuid } from '../../contracts/index.js';
import { PIPELINE_ERROR_CODES } from '../../pipeline/index.js';

const Definition = Type.Record(Type.String(), Type.Unknown(), { description: 'a pipeline definition: {steps, edges, layout?} (docs/catalog-and-pipelines.md)' });

export const PipelineErrorView = Type.Object({
  code: Type.String({ description: `one of ${PIPELINE_ERROR_CODES.join(', ')}; VERSION_REQUIRED, TAG_NOT_ALLOWED and the like from a dry-run` }),
  stepId: Type.Optional(Type.String()),
  path: Type.String({ description: 'JSON Pointer into the definition' }),
  message: Type.String(),
});

export const SaveVersion = Type.Object({ definition: Definition, message: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type SaveVersion = Static<typeof SaveVersion>;

export const ValidateBody = Type.Object({ definition: Definition }, { additionalProperties: false });
export type ValidateBody = Static<typeof ValidateBody>;

export const DryRunBody = Type.Object(
  {
    environmentId: Uuid,
    definition: Type.Optional(Definition),
    versions: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'tag per service name, as a deployment would give' })),
  },
  { additionalProperties: false },
);
export type DryRunBody = Static<typeof DryRunBody>;

const Resolved = Type.Object({
  plugins: Type.Record(Type.String(), Type.Object({ name: Type.String(), version: Type.String(), digest: Type.String() }), { description: 'per component step id' }),
});

export const VersionSummary = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  message: Type.String(),
  createdBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
});

export const VersionView = Type.Object({ ...VersionSummary.properties, definition: Definition, resolved: Resolved });
export type VersionView = Static<typeof VersionView>;

export const ValidationView = Type.Object({ valid: Type.Boolean(), errors: Type.Array(PipelineErrorView) });

export const DryRunView = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(PipelineErrorView),
  plan: Type.Union([Plan, Type.Null()], { description: 'what the agent would receive, secret values and pull passwords redacted' }),
  placement: Type.Union(
    [
      Type.Object({ node: Type.Object({ id: Type.String(), name: Type.String() }) }),
      Type.Object({
        shortfalls: Type.Array(Type.Object({ node: Type.Object({ id: Type.String(), name: Type.String() }), shortfalls: Type.Array(Type.Record(Type.String(), Type.Unknown())) })),
        reason: Type.Optional(Type.String()),
      }),
      Type.Null(),
    ],
    { description: 'the node a deployment would be placed on now, or what each node lacks; null when the pipeline is invalid' },
  ),
});
