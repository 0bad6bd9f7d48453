// Checks values against contract schemas with TypeBox's own compiler, so `contracts` needs nothing but
// TypeBox. Errors come back as `{path, message}` pairs.
import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /T/.test(v));

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

export interface ContractError {
  path: string;
  message: string;
}

export function checkContract<T extends TSchema>(schema: T, value: unknown): { ok: true; value: Static<T> } | { ok: false; errors: ContractError[] } {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(value)) return { ok: true, value: value as Static<T> };
  const errors = [...check.Errors(value)].slice(0, 20).map((e) => ({ path: e.path || '/', message: e.message }));
  return { ok: false, errors };
}
