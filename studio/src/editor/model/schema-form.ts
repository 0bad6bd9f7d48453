// A plugin's `input` JSON Schema turned into the fields the inspector draws. Pure: the same schema
// always gives the same fields, so the form is tested without a browser. Only what a form can show is
// read (type, enum, default, description, format, examples, title, required, items, properties,
// writeOnly); anything else a plugin declares (oneOf, $ref…) falls back to a JSON text field.
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'secret' | 'array' | 'object' | 'json';

export interface FormField {
  /** Property name within its parent object. */
  key: string;
  /** JSON Pointer from the params object, e.g. `/database/name`; matches the validator's error paths. */
  pointer: string;
  kind: FieldKind;
  label: string;
  /** The schema's `description`, shown as help under the field. */
  help?: string;
  required: boolean;
  default?: unknown;
  format?: string;
  examples: unknown[];
  /** For `enum`: the allowed values, in the schema's order. */
  options: unknown[];
  /** For `object`: its fields; for `array`: the one field every item has. */
  children: FormField[];
  item?: FormField;
  /** Strings (and secrets) may hold `${{ }}` expressions: the inspector offers completions there. */
  acceptsExpression: boolean;
  /** Shown inline on the node (required or with a default, scalar). */
  keyParam: boolean;
}

type Schema = Record<string, unknown>;

/** The form for a component step, from the plugin's input schema and its `secrets` list. */
export function formFromSchema(input: Schema, secrets: readonly string[] = []): FormField[] {
  return objectFields(input, '', new Set(secrets), true);
}

function objectFields(schema: Schema, pointer: string, secrets: ReadonlySet<string>, top: boolean): FormField[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([key, property]) => fieldFor(key, property ?? {}, `${pointer}/${escape(key)}`, required.has(key), top && (secrets.has(key) || property?.writeOnly === true), secrets));
}

function fieldFor(key: string, schema: Schema, pointer: string, required: boolean, secret: boolean, secrets: ReadonlySet<string>): FormField {
  const kind = kindOf(schema, secret);
  const field: FormField = {
    key,
    pointer,
    kind,
    label: typeof schema.title === 'string' ? schema.title : humanize(key),
    help: typeof schema.description === 'string' ? schema.description : undefined,
    required,
    default: schema.default,
    format: typeof schema.format === 'string' ? schema.format : undefined,
    examples: Array.isArray(schema.examples) ? schema.examples : [],
    options: Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : [],
    children: kind === 'object' ? objectFields(schema, pointer, secrets, false) : [],
    acceptsExpression: kind === 'string' || kind === 'secret' || kind === 'number' || kind === 'integer' || kind === 'boolean',
    keyParam: false,
  };
  if (kind === 'array') field.item = fieldFor('item', (schema.items as Schema) ?? {}, `${pointer}/-`, false, false, secrets);
  field.keyParam = required && ['string', 'number', 'integer', 'boolean', 'enum', 'secret'].includes(kind);
  return field;
}

function kindOf(schema: Schema, secret: boolean): FieldKind {
  if (secret) return 'secret';
  if (Array.isArray(schema.enum) || schema.const !== undefined) return 'enum';
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return type;
    case 'array':
      return 'array';
    case 'object':
      return schema.properties ? 'object' : 'json';
    default:
      return schema.properties ? 'object' : 'json';
  }
}

/** `databaseName` / `database_name` → "Database name". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The params a new component step starts with: each property's `default`, nested objects included. */
export function initialParams(fields: readonly FormField[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default !== undefined) params[f.key] = structuredClone(f.default);
    else if (f.kind === 'object' && f.required) params[f.key] = initialParams(f.children);
  }
  return params;
}

/** The value the form shows or edits at a field, from the params. */
export function valueAt(params: Record<string, unknown>, pointer: string): unknown {
  let current: unknown = params;
  for (const part of pointer.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}

/**
 * The params with one field set. An emptied optional field is removed rather than saved as "", so the
 * plugin's own default applies; a required one keeps "" and the validator says it is required.
 */
export function withValue(params: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const root = structuredClone(params);
  let current = root as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    if (!current[part] || typeof current[part] !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete current[last];
  else current[last] = value;
  return root;
}

/** What a typed text becomes for a field of this kind; expressions stay strings (resolved at run start). */
export function parseInput(field: Pick<FormField, 'kind' | 'required'>, text: string): unknown {
  if (text === '') return field.required ? (field.kind === 'string' || field.kind === 'secret' ? '' : undefined) : undefined;
  if (text.includes('${{')) return text;
  if (field.kind === 'number' || field.kind === 'integer') {
    const n = Number(text);
    return Number.isFinite(n) && text.trim() !== '' ? n : text;
  }
  if (field.kind === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
