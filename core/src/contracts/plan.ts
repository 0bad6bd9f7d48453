// The plan (docs/agent-protocol.md, "The plan"): what `deploy` carries — one deployment rendered into concrete
// steps with images, env, resources, health checks and plugin invocations.
import { Type, type Static } from '@sinclair/typebox';
import { PullAuth, Resources } from './common.js';
import { PluginManifest } from './component.js';

export const HealthTiming = {
  intervalSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 2 })),
  timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 2 })),
  retries: Type.Optional(Type.Integer({ minimum: 1, default: 30 })),
  startPeriodSeconds: Type.Optional(Type.Number({ minimum: 0, default: 0 })),
};

export const Healthcheck = Type.Union([
  Type.Object({ type: Type.Literal('http'), port: Type.String(), path: Type.String({ default: '/' }), expectStatus: Type.Optional(Type.Integer()), ...HealthTiming }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('tcp'), port: Type.String(), ...HealthTiming }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('command'), command: Type.Array(Type.String(), { minItems: 1 }), ...HealthTiming }, { additionalProperties: false }),
]);
export type Healthcheck = Static<typeof Healthcheck>;

export const ServicePort = Type.Object(
  { name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }), port: Type.Integer({ minimum: 1, maximum: 65535 }), ingress: Type.Boolean() },
  { additionalProperties: false },
);
export type ServicePort = Static<typeof ServicePort>;

const StepBase = {
  id: Type.String(),
  needs: Type.Array(Type.String()),
};

export const PlanServiceStep = Type.Object({
  ...StepBase,
  kind: Type.Literal('service'),
  image: Type.String(),
  pullAuth: Type.Optional(PullAuth),
  env: Type.Record(Type.String(), Type.String()),
  command: Type.Optional(Type.Array(Type.String())),
  ports: Type.Array(ServicePort),
  healthcheck: Type.Optional(Healthcheck),
  resources: Resources,
});
export type PlanServiceStep = Static<typeof PlanServiceStep>;

export const PlanJobStep = Type.Object({
  ...StepBase,
  kind: Type.Literal('job'),
  image: Type.String(),
  pullAuth: Type.Optional(PullAuth),
  env: Type.Record(Type.String(), Type.String()),
  command: Type.Array(Type.String(), { minItems: 1 }),
  timeoutSeconds: Type.Integer({ minimum: 1, default: 600 }),
  resources: Resources,
});
export type PlanJobStep = Static<typeof PlanJobStep>;

/** The manifest fields the agent needs to run a plugin, with every default already applied. */
export const PlanManifest = Type.Object({
  name: Type.String(),
  version: Type.String(),
  actions: Type.Array(Type.Union([Type.Literal('run'), Type.Literal('rollback')])),
  timeoutSeconds: Type.Integer({ minimum: 1 }),
  network: Type.Union([Type.Literal('deployment'), Type.Literal('none')]),
  resources: Type.Optional(Resources),
  input: PluginManifest.properties.input,
  output: PluginManifest.properties.output,
  secrets: Type.Array(Type.String()),
});
export type PlanManifest = Static<typeof PlanManifest>;

export const PlanComponentStep = Type.Object({
  ...StepBase,
  kind: Type.Literal('component'),
  image: Type.String({ description: 'image@sha256:… — the digest pinned when the pipeline version was saved' }),
  pullAuth: Type.Optional(PullAuth),
  manifest: PlanManifest,
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'the step override of manifest.timeoutSeconds' })),
  params: Type.Record(Type.String(), Type.Unknown(), { description: 'expressions resolved except steps.<id>.outputs.*, which the agent resolves' }),
});
export type PlanComponentStep = Static<typeof PlanComponentStep>;

export const PlanStep = Type.Union([PlanServiceStep, PlanJobStep, PlanComponentStep]);
export type PlanStep = Static<typeof PlanStep>;

export const Plan = Type.Object({
  deploymentId: Type.String(),
  generation: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  project: Type.String(),
  environment: Type.String(),
  baseDomain: Type.String(),
  publicUrlTemplate: Type.Optional(Type.String({ description: 'e.g. http://{step}.pr-7.qa.example.com:7780/ — gives services.<id>.publicUrl' })),
  attempt: Type.Integer({ minimum: 1, default: 1 }),
  gracefulStopSeconds: Type.Integer({ minimum: 0, default: 30 }),
  masks: Type.Array(Type.String(), { description: 'every value to replace with *** in logs' }),
  steps: Type.Array(PlanStep),
});
export type Plan = Static<typeof Plan>;

export const DEFAULT_PLUGIN_RESOURCES: Static<typeof Resources> = { cpu: 0.5, memoryMb: 256 };
export const DEFAULT_JOB_TIMEOUT_SECONDS = 600;
export const DEFAULT_GRACEFUL_STOP_SECONDS = 30;
