// Fills in the `default` of every absent property of an object schema, recursively, so `run` sees the
// params the manifest promises. The agent sends params with defaults applied already; this matters when a
// plugin runs by hand (`nullops-plugin run`, fixtures). Pure; the value is copied, never changed in place.
// TODO(sdk): use the schema-default function of @nullops/core/pipeline once it lands (first-run, issue 10).

export function applySchemaDefaults(schema: unknown, value: unknown): unknown {
  if (!isObject(schema) || !isObject(value)) return value;
  const properties = schema.properties;
  if (!isObject(properties)) return value;
  const result: Record<string, unknown> = { ...value };
  for (const [key, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    if (result[key] === undefined && 'default' in property) result[key] = structuredClone(property.default);
    if (result[key] !== undefined) result[key] = applySchemaDefaults(property, result[key]);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
