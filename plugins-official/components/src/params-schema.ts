// An input schema whose defaulted properties are optional: TypeBox lists every non-Optional property in
// `required`, but a pipeline step may leave out a param that has a default (the SDK and the agent fill it
// in before `run`), and the save-time validator applies no defaults. The TypeScript type stays as
// authored — after defaults, `run` does see every defaulted param.
import type { TObject } from '@sinclair/typebox';

export function paramsSchema<T extends TObject>(schema: T): T {
  const properties = schema.properties as Record<string, { default?: unknown }>;
  const required = (schema.required ?? []).filter((name) => !('default' in properties[name]));
  return { ...schema, required } as T;
}
