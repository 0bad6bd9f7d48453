// The registry's error codes and their statuses (interface 4 of the team's agreements): the same
// `{ error: { code, message, details? } }` shape as core's API, one error type routes throw.
import type { FastifyError, FastifyInstance } from 'fastify';
import { UniqueConstraintViolationException } from '@mikro-orm/core';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SCOPE_FORBIDDEN: 403,
  NOT_FOUND: 404,
  NAME_TAKEN: 409,
  VERSION_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PLUGIN_INVALID: 422,
  DOMAIN_NOT_VERIFIED: 422,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;
export type RegistryErrorCode = keyof typeof ERROR_STATUS;

export class RegistryApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RegistryApiError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new RegistryApiError('NOT_FOUND', `${what} was not found.`);

/** The one translation of a unique violation: the write's answer, or `code` with `message` when another row holds the name. */
export async function unlessTaken<T>(write: Promise<T>, code: 'NAME_TAKEN' | 'VERSION_EXISTS', message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new RegistryApiError(code, message);
    throw error;
  }
}

const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({ error: details ? { code, message, details } : { code, message } });

const FRAMEWORK_CODES: Record<string, { code: RegistryErrorCode; status: number }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_JSON', status: 400 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_JSON', status: 400 },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | RegistryApiError, request, reply) => {
    if (error instanceof RegistryApiError) return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    const fe = error as FastifyError;
    if (fe.validation) {
      const errors = fe.validation.map((v) => ({
        path: `${fe.validationContext ?? 'body'}${v.instancePath || ''}${v.keyword === 'required' ? `/${(v.params as { missingProperty: string }).missingProperty}` : ''}${v.keyword === 'additionalProperties' ? `/${(v.params as { additionalProperty: string }).additionalProperty}` : ''}`,
        message: v.message ?? 'is invalid',
      }));
      return reply.status(400).send(errorBody('VALIDATION_FAILED', `The request ${fe.validationContext ?? 'body'} does not match the schema: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, { errors }));
    }
    const mapped = FRAMEWORK_CODES[fe.code ?? ''];
    if (mapped) return reply.status(mapped.status).send(errorBody(mapped.code, error.message));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return reply.status(fe.statusCode).send(errorBody('BAD_REQUEST', error.message));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', 'Something went wrong inside the registry. This is a bug; the server log has the details.'));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(errorBody('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`)));
}
