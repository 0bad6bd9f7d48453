// `${{ … }}` expressions in pipeline strings: parsing (with positioned errors), the references they make,
// and resolution. The control plane resolves everything but `steps.<id>.outputs.*` into the plan; the
// agent resolves those with `resolveStepOutputs` as outputs arrive.

export const SECRET_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]{0,127}$';
const SECRET_NAME = new RegExp(SECRET_NAME_PATTERN);

export const DEPLOYMENT_FIELDS = ['name', 'id', 'environment', 'project'] as const;
export const SERVICE_FIELDS = ['host', 'url', 'publicUrl'] as const;

export type Reference =
  | { kind: 'secret'; name: string }
  | { kind: 'deployment'; field: (typeof DEPLOYMENT_FIELDS)[number] }
  | { kind: 'service'; stepId: string; field: (typeof SERVICE_FIELDS)[number] }
  | { kind: 'servicePort'; stepId: string; port: string }
  | { kind: 'output'; stepId: string; key: string };

export interface Expression {
  /** The text between `${{` and `}}`, trimmed. */
  source: string;
  reference: Reference;
  /** Offsets of `${{` and just after `}}` in the string. */
  start: number;
  end: number;
}

export type TemplatePart = string | Expression;

export interface ExpressionError {
  code: 'EXPRESSION_SYNTAX' | 'EXPRESSION_UNKNOWN_REFERENCE';
  message: string;
  /** Offset in the string where the problem starts. */
  offset: number;
}

export type ParsedTemplate = { ok: true; parts: TemplatePart[]; expressions: Expression[] } | { ok: false; errors: ExpressionError[] };

const OPEN = '${{';
const CLOSE = '}}';
const SEGMENT = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/;

/** True when the string contains `${{` at all (cheap pre-check before parsing). */
export function hasExpression(value: string): boolean {
  return value.includes(OPEN);
}

/** Splits a string into literal text and expressions; every syntax or reference error is reported. */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const expressions: Expression[] = [];
  const errors: ExpressionError[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf(OPEN, at);
    if (open === -1) {
      parts.push(text.slice(at));
      break;
    }
    if (open > at) parts.push(text.slice(at, open));
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) {
      errors.push({ code: 'EXPRESSION_SYNTAX', offset: open, message: `"${OPEN}" at offset ${open} is never closed with "${CLOSE}".` });
      break;
    }
    const source = text.slice(open + OPEN.length, close).trim();
    const nested = source.indexOf(OPEN);
    if (nested !== -1) {
      errors.push({ code: 'EXPRESSION_SYNTAX', offset: open, message: `Expressions cannot be nested: "${text.slice(open, close + CLOSE.length)}".` });
    } else {
      const parsed = parseReference(source);
      if ('error' in parsed) errors.push({ ...parsed.error, offset: open });
      else {
        const expression = { source, reference: parsed.reference, start: open, end: close + CLOSE.length };
        parts.push(expression);
        expressions.push(expression);
      }
    }
    at = close + CLOSE.length;
  }
  return errors.length ? { ok: false, errors } : { ok: true, parts, expressions };
}

/** Parses the inside of one `${{ … }}`: a dotted path naming one of the known references. */
export function parseReference(source: string): { reference: Reference } | { error: Omit<ExpressionError, 'offset'> } {
  const syntax = (message: string) => ({ error: { code: 'EXPRESSION_SYNTAX' as const, message } });
  const unknown = (message: string) => ({ error: { code: 'EXPRESSION_UNKNOWN_REFERENCE' as const, message } });
  if (source === '') return syntax('The expression "${{ }}" is empty.');
  const segments = source.split('.');
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    return syntax(
      bad === ''
        ? `"${source}" is not a valid expression: it has an empty part (a leading, trailing or doubled dot).`
        : `"${source}" is not a valid expression: "${bad}" may hold only letters, digits, "_" and "-" (operators and functions are not supported).`,
    );
  }
  const [root, ...rest] = segments;
  switch (root) {
    case 'secrets':
      if (rest.length === 1 && SECRET_NAME.test(rest[0])) return { reference: { kind: 'secret', name: rest[0] } };
      return unknown(`"${source}" is not a secret reference; write secrets.NAME (letters, digits and "_", not starting with a digit).`);
    case 'deployment':
      if (rest.length === 1 && (DEPLOYMENT_FIELDS as readonly string[]).includes(rest[0])) {
        return { reference: { kind: 'deployment', field: rest[0] as (typeof DEPLOYMENT_FIELDS)[number] } };
      }
      return unknown(`"${source}" is not a deployment reference; use deployment.${DEPLOYMENT_FIELDS.join('|')}.`);
    case 'services': {
      const [stepId, field, port, ...extra] = rest;
      if (stepId && extra.length === 0) {
        if (field === 'ports' && port) return { reference: { kind: 'servicePort', stepId, port } };
        if (port === undefined && (SERVICE_FIELDS as readonly string[]).includes(field)) {
          return { reference: { kind: 'service', stepId, field: field as (typeof SERVICE_FIELDS)[number] } };
        }
      }
      return unknown(`"${source}" is not a service reference; use services.<step id>.host|url|publicUrl or services.<step id>.ports.<port name>.`);
    }
    case 'steps': {
      const [stepId, outputs, key, ...extra] = rest;
      if (stepId && outputs === 'outputs' && key && extra.length === 0) return { reference: { kind: 'output', stepId, key } };
      return unknown(`"${source}" is not a step output reference; use steps.<step id>.outputs.<key>.`);
    }
    default:
      return unknown(`"${source}" refers to "${root}", which is not known; expressions start with secrets., deployment., services. or steps.`);
  }
}

/** Every string inside a JSON value, with its JSON Pointer (the value itself is "" when it is a string). */
export function stringsIn(value: unknown, pointer = ''): { pointer: string; text: string }[] {
  if (typeof value === 'string') return [{ pointer, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, `${pointer}/${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${pointer}/${escapePointer(key)}`));
  }
  return [];
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * What a reference resolves to: a value, or `undefined` to leave the expression in place (the
 * control plane leaves step outputs for the agent). Throw to report a reference that cannot be resolved;
 * an `ExpressionResolutionError` thrown here gets the pointer of the string it was in.
 */
export type Resolver = (reference: Reference, expression: Expression) => unknown;

export class ExpressionResolutionError extends Error {
  constructor(
    message: string,
    /** JSON Pointer of the string inside the value being resolved. */
    readonly pointer = '',
  ) {
    super(message);
    this.name = 'ExpressionResolutionError';
  }
}

/**
 * Resolves the expressions in every string of a JSON value. A string that is exactly one expression
 * takes the referenced value as it is (a port stays a number, an output object stays an object) when
 * `keepTypes` is set; otherwise, and inside longer strings, values are interpolated as text.
 */
export function resolveExpressions<T>(value: T, resolve: Resolver, options: { keepTypes?: boolean; pointer?: string } = {}): T {
  const pointer = options.pointer ?? '';
  if (typeof value === 'string') return resolveString(value, resolve, options.keepTypes ?? false, pointer) as T;
  if (Array.isArray(value)) return value.map((item, index) => resolveExpressions(item, resolve, { ...options, pointer: `${pointer}/${index}` })) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveExpressions(item, resolve, { ...options, pointer: `${pointer}/${escapePointer(key)}` });
    return out as T;
  }
  return value;
}

function resolveString(text: string, resolve: Resolver, keepTypes: boolean, pointer: string): unknown {
  if (!hasExpression(text)) return text;
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new ExpressionResolutionError(parsed.errors.map((e) => e.message).join(' '), pointer);
  const { parts } = parsed;
  const resolveAt = (expression: Expression) => {
    try {
      return resolve(expression.reference, expression);
    } catch (error) {
      if (error instanceof ExpressionResolutionError && !error.pointer) throw new ExpressionResolutionError(error.message, pointer);
      throw error;
    }
  };
  if (keepTypes && parts.length === 1 && typeof parts[0] !== 'string') {
    const resolved = resolveAt(parts[0]);
    return resolved === undefined ? text : resolved;
  }
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const resolved = resolveAt(part);
      if (resolved === undefined) return `\${{ ${part.source} }}`;
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    })
    .join('');
}

/**
 * For the agent: resolves the `steps.<id>.outputs.<key>` expressions left in a plan step's params or env,
 * given the outputs of the steps that have finished. Anything else still unresolved is an error.
 */
export function resolveStepOutputs<T>(value: T, outputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>, options: { keepTypes?: boolean; pointer?: string } = {}): T {
  return resolveExpressions(
    value,
    (reference, expression) => {
      if (reference.kind !== 'output') throw new ExpressionResolutionError(`"${expression.source}" should have been resolved by the control plane.`);
      const stepOutputs = outputs[reference.stepId];
      if (!stepOutputs) throw new ExpressionResolutionError(`"${expression.source}": step "${reference.stepId}" has no outputs (it has not run, or returned none).`);
      if (!Object.prototype.hasOwnProperty.call(stepOutputs, reference.key)) {
        throw new ExpressionResolutionError(`"${expression.source}": step "${reference.stepId}" returned no output "${reference.key}".`);
      }
      return stepOutputs[reference.key];
    },
    options,
  );
}
