import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, type FieldProblem, StewardError } from '../errors.ts';
import { toFieldProblems } from '../validate.ts';

const typeBase = 'https://steward.dev/problems/';

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  errors?: FieldProblem[],
) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: typeBase + code,
      title,
      status,
      detail,
      instance: req.url,
      code,
      ...(errors && errors.length ? { errors } : {}),
      ...extra,
    });
}

/**
 * Errors Fastify raises before a route is chosen (a path that is not valid percent-encoded
 * UTF-8, a failed route constraint): a 400 problem like any other, not Fastify's own JSON.
 */
export function frameworkErrorHandler(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void send(reply, req, status, 'validation', errorCodes.validation.title, error.message, {}, [
    { field: 'url', rule: 'well-formed-url', message: 'must be a valid URL with percent-encoded UTF-8' },
  ]);
}

/** Every error leaves as RFC 9457 problem+json naming the field and the rule. */
export function installProblemHandlers(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError & { validationContext?: string }, req, reply) => {
    if (error instanceof StewardError) {
      const meta = errorCodes[error.code];
      return send(reply, req, meta.status, error.code, meta.title, error.message, error.extra, error.problems);
    }
    if (error.validation) {
      const errors = toFieldProblems(
        error.validation as never,
        error.validationContext ? `${error.validationContext}` : '',
      );
      const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ');
      return send(reply, req, 400, 'validation', errorCodes.validation.title, detail, {}, errors);
    }
    if (error.statusCode === 415)
      return send(reply, req, 415, 'unsupported-media-type', errorCodes['unsupported-media-type'].title, error.message);
    if (error.statusCode === 413)
      return send(reply, req, 413, 'too-large', errorCodes['too-large'].title, error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, req, error.statusCode, 'validation', errorCodes.validation.title, error.message);
    }
    req.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      req,
      500,
      'internal',
      errorCodes.internal.title,
      'an internal error occurred; it has been logged',
    );
  });
  server.setNotFoundHandler((req, reply) =>
    send(
      reply,
      req,
      404,
      'not-found',
      errorCodes['not-found'].title,
      `no route for ${req.method} ${req.url.split('?')[0]}`,
    ),
  );
}
