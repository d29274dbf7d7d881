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

interface DatabaseError {
  code: string;
  message: string;
  detail?: string;
  severity: string;
}
const isDatabaseError = (e: unknown): e is DatabaseError =>
  !!e && typeof e === 'object' && 'severity' in e && typeof (e as { code?: unknown }).code === 'string';

/** The column a constraint message names ("Key (person_id)=(4) …"), as the field a client sent ("/personId"). */
function fieldOf(detail: string | undefined): string {
  const column = /Key \(([a-z_]+)\)/.exec(detail ?? '')?.[1];
  return column ? `/${column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}` : '/';
}

/**
 * The last line against input the use cases did not foresee: a database refusal of the
 * value itself (class 22: out of range, bad encoding, impossible date; 54000: too long to
 * index) or of a reference to a row that does not exist (23503) is the request's fault, so
 * a 400, and a duplicate key (23505) a 409 — by kind, never a 500. Logged as a warning:
 * each one is a check a route should make itself.
 */
function databaseProblem(error: DatabaseError): { status: 400 | 409; problem: FieldProblem } | null {
  if (error.code.startsWith('22') || error.code === '54000')
    return { status: 400, problem: { field: '/', rule: 'storable', message: `cannot be stored: ${error.message}` } };
  if (error.code === '23503')
    return {
      status: 400,
      problem: { field: fieldOf(error.detail), rule: 'exists', message: 'refers to nothing that exists' },
    };
  if (error.code === '23505')
    return { status: 409, problem: { field: fieldOf(error.detail), rule: 'unique', message: 'is taken already' } };
  return null;
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
    const refused = isDatabaseError(error) ? databaseProblem(error) : null;
    if (refused) {
      req.log.warn({ err: error }, 'the database refused the input');
      const code = refused.status === 409 ? 'conflict' : 'validation';
      const { field, message } = refused.problem;
      return send(reply, req, refused.status, code, errorCodes[code].title, `${field} ${message}`, {}, [
        refused.problem,
      ]);
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
