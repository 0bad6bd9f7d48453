// Every error code the API can answer with, its HTTP status, and the one error type routes throw.
// The table is the API's contract for error codes (every answer's `error.code`); add codes here, nowhere else.
import { Type, type Static } from '@sinclair/typebox';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NAME_TAKEN: 409,
  IN_USE: 409,
  NODE_NOT_EMPTY: 409,
  VERSION_EXISTS: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PIPELINE_INVALID: 422,
  VERSION_REQUIRED: 422,
  TAG_NOT_ALLOWED: 422,
  RESOURCES_EXHAUSTED: 422,
  PLUGIN_INVALID: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  REGISTRY_UNREACHABLE: 502,
  REGISTRY_AUTH_FAILED: 502,
  REGISTRY_NOT_FOUND: 502,
  NO_NODE_ONLINE: 503,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

/** The body of every error response. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable UPPER_SNAKE code' }),
      message: Type.String({ description: 'a sentence for humans' }),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export function errorBody(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: details ? { code, message, details } : { code, message } };
}

export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} was not found.`);
