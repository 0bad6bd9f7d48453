// What a plugin author hands to `definePlugin`: the manifest (its `input`/`output` may be TypeBox
// schemas, which give typed params and outputs, or plain JSON Schema objects), `run`, and `rollback`.
import type { Static, TSchema } from '@sinclair/typebox';
import type { InvocationContext, PluginAction } from '@nullops/core/contracts';
import type { PluginLog } from './plugin-log.js';

/** A manifest as authored: `input`/`output` are TypeBox or JSON Schema; the rest as in `nullops-plugin.json`. */
export interface ManifestOf<I, O> {
  apiVersion: string;
  name: string;
  version: string;
  input: I;
  output: O;
  secrets?: readonly string[];
  actions?: readonly string[];
  [field: string]: unknown;
}

/** The invocation context of PLUGIN-CONTRACT.md plus what the SDK adds. */
export interface PluginContext extends InvocationContext {
  action: PluginAction;
  /** This step's id in the pipeline (the last part of `idempotencyKey`). */
  stepId: string;
  /** Aborted on SIGTERM or at the deadline: pass it to fetch, database clients and timers. */
  signal: AbortSignal;
}

/** The params or outputs type a schema stands for: `Static<>` of a TypeBox schema, a plain record otherwise. */
export type SchemaValue<S> = S extends TSchema ? Static<S> : Record<string, unknown>;

export interface PluginDefinition<I, O, P = SchemaValue<I>, R = SchemaValue<O>> {
  manifest: ManifestOf<I, O>;
  /** Does the step's work and returns its outputs (valid against `manifest.output`). */
  run: (params: P, context: PluginContext, log: PluginLog) => R | Promise<R>;
  /** Undoes `run` outside the deployment's containers; gets the outputs `run` returned (as far as they were recorded). */
  rollback?: (params: P, outputs: Partial<R>, context: PluginContext, log: PluginLog) => void | Promise<void>;
}
