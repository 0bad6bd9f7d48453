// Turns every failure into the API's error shape: schema failures → 400 VALIDATION_FAILED with paths,
// malformed JSON → 400 BAD_JSON, unknown /api/ routes → 404; anything unexpected is logged as a bug.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError, errorBody } from './errors.js';

const FRAMEWORK_CODES: Record<string, { code: string; status: number }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_JSON', status: 400 },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_JSON', status: 400 },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', status: 400 },
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if ((error as FastifyError).validation) {
      const fe = error as FastifyError;
      const errors = fe.validation!.map((v) => ({
        path: `${fe.validationContext ?? 'body'}${v.instancePath || ''}${v.keyword === 'required' ? `/${(v.params as { missingProperty: string }).missingProperty}` : ''}`,
        message: v.message ?? 'is invalid',
      }));
      return reply
        .status(400)
        .send(errorBody('VALIDATION_FAILED', `The request ${fe.validationContext ?? 'body'} does not match the schema: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, { errors }));
    }
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0;
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than the ${Math.round(limit / 1024)} KiB this route accepts (docs/limits.md lists the caps).`, { limitBytes: limit }));
    }
    const mapped = FRAMEWORK_CODES[(error as FastifyError).code ?? ''];
    if (mapped) return reply.status(mapped.status).send(errorBody(mapped.code, error.message));
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return reply.status(status).send(errorBody('BAD_REQUEST', error.message));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', 'Something went wrong inside NullOps. This is a bug; the server log has the details.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    return reply.status(404).send(errorBody('NOT_FOUND', `No route ${request.method} ${path}.`));
  });
}
