// Request validation: bodies are checked strictly — a number where a string belongs is a 400, never
// quietly converted — while path and query parameters, which arrive as text, are coerced to their types.
// Two rules hold for every schema of every route, so no route can forget them:
// - text: no control characters (a body's strings may hold tab, line feed and carriage return) and no
//   lone UTF-16 surrogates, in values or object keys — PostgreSQL refuses NUL, and neither belongs in a
//   name, a message or an id;
// - integers without their own bounds stay within PostgreSQL's `integer` (`offset=1e20` is a 400).
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default import is the module object's callable export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export const INTEGER_RANGE = { minimum: -2147483648, maximum: 2147483647 } as const;

const FORBIDDEN_IN_BODY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORBIDDEN_IN_PARAMETER = /[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function makeAjv(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Why a character may not be in request text, for the error message. */
function describeForbidden(text: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0xd800 && code <= 0xdfff ? `holds a lone surrogate (${name}), which is not valid text` : `holds the control character ${name}, which is not allowed here`;
}

/** The first string (value or key) in `data` holding a forbidden character: its JSON Pointer and why. Iterative. */
export function findForbiddenText(data: unknown, pattern: RegExp = FORBIDDEN_IN_BODY): { path: string; message: string } | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: data, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const why = describeForbidden(value, pattern);
      if (why) return { path, message: why };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, item] of entries) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const why = describeForbidden(key, pattern);
      if (why) return { path: at, message: `has a name that ${why}` };
      stack.push({ value: item, path: at });
    }
  }
  return undefined;
}

/** A copy of the schema where every integer without its own bound gets PostgreSQL's `integer` range. */
export function withIntegerRange(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withIntegerRange);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'const' || key === 'enum' || key === 'default' || key === 'examples' ? value : withIntegerRange(value);
  const types = ([] as unknown[]).concat(out.type);
  if (types.includes('integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INTEGER_RANGE.maximum;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INTEGER_RANGE.minimum;
  }
  return out;
}

type CompiledValidator = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] | null };

export function requestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv('array');
  return ({ schema, httpPart }) => {
    const isBody = httpPart === 'body';
    const validate = (isBody ? strict : coercing).compile(withIntegerRange(schema) as object);
    const pattern = isBody ? FORBIDDEN_IN_BODY : FORBIDDEN_IN_PARAMETER;
    const checked: CompiledValidator = (data) => {
      const bad = findForbiddenText(data, pattern);
      if (bad) {
        checked.errors = [{ instancePath: bad.path, keyword: 'text', params: {}, message: bad.message }];
        return false;
      }
      const ok = validate(data) as boolean;
      checked.errors = validate.errors;
      return ok;
    };
    return checked as unknown as ReturnType<FastifySchemaCompiler<unknown>>;
  };
}
