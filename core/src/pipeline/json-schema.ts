// The one Ajv configuration NullOps checks plugin schemas and values with — in the studio as an admin
// types, in core when a pipeline is saved or a plugin installed, and in the agent before a plugin runs —
// so all of them always agree. Draft 2020-12 unless a schema's `$schema` names draft-07.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as <T>(ajv: T) => T;

/** The options every NullOps Ajv instance uses: all errors, unknown keywords tolerated (UI hints), formats checked. */
export const AJV_OPTIONS = { strict: false, allErrors: true, validateFormats: true } as const;

const draft2020 = addFormats(new Ajv2020(AJV_OPTIONS));
const draft07 = addFormats(new Ajv(AJV_OPTIONS));
// The same again, filling in each missing property's `default` at every level while it checks.
const defaulting = { draft2020: addFormats(new Ajv2020({ ...AJV_OPTIONS, useDefaults: true })), draft07: addFormats(new Ajv({ ...AJV_OPTIONS, useDefaults: true })) };
const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 500;

export interface SchemaError {
  /** JSON Pointer into the value ("" for the value itself). */
  path: string;
  message: string;
}

export type SchemaVerdict = { ok: true } | { ok: false; errors: SchemaError[]; message: string };

/** The Ajv instance a schema is checked with, chosen by its `$schema`. */
export function ajvFor(schema: Record<string, unknown>): Ajv | Ajv2020 {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  return /draft-0[4-7]/.test(dialect) ? draft07 : draft2020;
}

/**
 * The dialect is chosen by the instance, and compiled schemas are cached by their text rather than kept
 * in the instance by `$id` (two plugins may well reuse one), so both keywords are dropped before Ajv sees them.
 */
function withoutIdentity(schema: Record<string, unknown>): AnySchemaObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function compile(schema: Record<string, unknown>, useDefaults = false): ValidateFunction {
  const key = `${useDefaults ? 'defaults:' : ''}${JSON.stringify(schema)}`;
  let validate = cache.get(key);
  if (!validate) {
    const ajv = useDefaults ? (ajvFor(schema) === draft07 ? defaulting.draft07 : defaulting.draft2020) : ajvFor(schema);
    validate = ajv.compile(withoutIdentity(schema));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, validate);
  }
  return validate;
}

/** Whether a document is a usable JSON Schema: valid against its meta-schema, and it compiles. */
export function checkJsonSchema(schema: unknown): SchemaVerdict {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    return { ok: false, errors: [{ path: '', message: 'must be a JSON Schema object' }], message: 'must be a JSON Schema object' };
  }
  const doc = schema as Record<string, unknown>;
  const ajv = ajvFor(doc);
  if (!ajv.validateSchema(withoutIdentity(doc))) {
    const errors = toSchemaErrors(ajv.errors ?? []);
    return { ok: false, errors, message: describe(errors) };
  }
  try {
    compile(doc);
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, errors: [{ path: '', message }], message };
  }
  return { ok: true };
}

/** Checks a value against a schema; an uncompilable schema is reported as an error at the root. */
export function validateAgainstSchema(schema: Record<string, unknown>, value: unknown): SchemaVerdict {
  let validate: ValidateFunction;
  try {
    validate = compile(schema);
  } catch (error) {
    const message = `the schema cannot be compiled: ${(error as Error).message}`;
    return { ok: false, errors: [{ path: '', message }], message };
  }
  if (validate(value)) return { ok: true };
  const errors = toSchemaErrors(validate.errors ?? []);
  return { ok: false, errors, message: describe(errors) };
}

/** A verdict on a plugin's params, with the params as the plugin will see them: schema `default`s filled in. */
export type ParamsVerdict = SchemaVerdict & { params: Record<string, unknown> };

/**
 * A plugin's params against its `input` schema, with the schema's `default`s applied first, at every
 * level of nesting (a property left out takes its default; an object left out is not created unless it
 * has a default itself). The one place defaults are applied, so the validator at save, the agent before
 * the run and the studio's form agree on the value the plugin sees. `skip` lists JSON Pointers of params
 * that are still expressions: errors at or below them (and `required` errors naming them) are left for
 * run time. The params given are not changed.
 */
export function validatePluginParams(input: Record<string, unknown>, params: Record<string, unknown>, skip: readonly string[] = []): ParamsVerdict {
  const defaulted = structuredClone(params);
  let validate: ValidateFunction;
  try {
    validate = compile(input, true);
  } catch (error) {
    const message = `the schema cannot be compiled: ${(error as Error).message}`;
    return { ok: false, errors: [{ path: '', message }], message, params: defaulted };
  }
  if (validate(defaulted)) return { ok: true, params: defaulted };
  const errors = toSchemaErrors(validate.errors ?? []).filter((e) => !skip.some((pointer) => e.path === pointer || e.path.startsWith(`${pointer}/`)));
  return errors.length ? { ok: false, errors, message: describe(errors), params: defaulted } : { ok: true, params: defaulted };
}

function toSchemaErrors(errors: ErrorObject[]): SchemaError[] {
  return errors.map((e) => {
    let path = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path = `${path}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = `${path}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not a known property';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { path, message };
  });
}

function describe(errors: SchemaError[]): string {
  return errors.map((e) => `${e.path || '(value)'} ${e.message}`).join('; ');
}
