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

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajvFor(schema).compile(withoutIdentity(schema));
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

/**
 * A plugin's params against its `input` schema. `skip` lists JSON Pointers of params that are still
 * expressions: errors at or below them (and `required` errors naming them) are left for run time.
 */
export function validatePluginParams(input: Record<string, unknown>, params: Record<string, unknown>, skip: readonly string[] = []): SchemaVerdict {
  const verdict = validateAgainstSchema(input, params);
  if (verdict.ok || skip.length === 0) return verdict;
  const errors = verdict.errors.filter((e) => !skip.some((pointer) => e.path === pointer || e.path.startsWith(`${pointer}/`)));
  return errors.length ? { ok: false, errors, message: describe(errors) } : { ok: true };
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
