import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../errors.ts';
import { assertNoProblems } from '../errors.ts';
import { guardSchema } from '../schema-guards.ts';

/**
 * Rules every request obeys whatever its route's schema says, applied once here rather
 * than route by route, so bad input is a 400 naming the field and never reaches the
 * database (where it would be a 500):
 *
 * - every integer and number of params, query and body lies within ±(2^53 − 1) unless the
 *   schema bounds it already, and every date and date-time lies between 1900-01-01 and
 *   9999-12-31 and is a day of the calendar (rule `date-range`): schema-guards.ts adds both
 *   to each route's request schemas;
 * - every string (and object key) is well-formed Unicode without NUL: PostgreSQL text
 *   cannot hold NUL, and a lone surrogate has no UTF-8 form;
 * - a JSON body nests at most {@link maxDepth} levels;
 * - every number is finite (JSON's 1e400 parses as Infinity, and so does "Infinity" in a query);
 * - a route whose schema names no query parameters refuses any (rule `unknown-field`).
 */
export const maxDepth = 64;

/** The query schema of a route that takes no query parameters. */
const noQuery = { type: 'object', properties: {}, additionalProperties: false };

/** The problem of one string, if it breaks a rule. */
export function stringProblem(value: string, field: string): FieldProblem | null {
  if (value.includes('\u0000'))
    return { field, rule: 'no-control-characters', message: 'must not contain the NUL character' };
  if (!value.isWellFormed())
    return { field, rule: 'well-formed-unicode', message: 'must be well-formed Unicode (no lone surrogates)' };
  return null;
}

const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** Problems of every string and key in a parsed value, and of nesting past the limit (iterative: no stack to blow). */
export function valueProblems(root: unknown, prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, depth } = stack.pop()!;
    const field = `${prefix}${path}`;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push({ field: field || '/', rule: 'finite-number', message: 'must be a finite number' });
      continue;
    }
    if (typeof value === 'string') {
      const problem = stringProblem(value, field || '/');
      if (problem) problems.push(problem);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      problems.push({ field: field || '/', rule: 'max-depth', message: `must nest at most ${maxDepth} levels` });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}/${i}`, depth: depth + 1 }));
      continue;
    }
    // A streamed body (CSV, JSON lines) is checked by its importer, row by row.
    if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') continue;
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = stringProblem(key, `${field}/${escapeKey(key.replaceAll('\u0000', '\\0'))}`);
      if (keyProblem) problems.push(keyProblem);
      stack.push({ value: item, path: `${path}/${escapeKey(key)}`, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * Whether nothing in a parsed value breaks a rule of {@link valueProblems}: the same rules, answered without building
 * paths or problems, so a good request (nearly all of them) costs one walk and no allocation.
 */
export function isClean(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !value.includes('\u0000') && value.isWellFormed();
  if (typeof value === 'number') return Number.isFinite(value);
  if (!value || typeof value !== 'object') return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isClean(item, depth + 1)) return false;
    return true;
  }
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return true;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    if (key.includes('\u0000') || !key.isWellFormed() || !isClean(record[key], depth + 1)) return false;
  }
  return true;
}

function requestProblems(req: FastifyRequest): FieldProblem[] {
  if (isClean(req.params) && isClean(req.query) && isClean(req.body)) return [];
  return [
    ...valueProblems(req.params, 'params'),
    ...valueProblems(req.query, 'querystring'),
    ...valueProblems(req.body, 'body'),
  ];
}

/**
 * Installs the rules: numeric bounds and date ranges on every route's request schemas (the server's ajv knows the
 * date-range keyword: `dateRangeKeyword` among its plugins); string and depth checks before validation.
 */
export function installInputGuards(server: FastifyInstance): void {
  server.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    const bounded: Record<string, unknown> = { ...schema };
    // A route that names no query parameters takes none: `?dryRun=true` on it is refused, not ignored.
    if (!schema.querystring && !schema.hide) bounded.querystring = noQuery;
    for (const part of ['params', 'querystring', 'body', 'headers'])
      if (schema[part]) bounded[part] = guardSchema(schema[part]);
    route.schema = bounded;
  });
  // Callback hooks (a throw is the request's error), not async ones: no promise per request.
  server.addHook('preValidation', (req, _reply, done) => {
    assertNoProblems(requestProblems(req));
    done();
  });
  // Validation turns "Infinity" in a path or query into a number no bound applies to
  // (ajv checks the bounds of finite numbers only).
  server.addHook('preHandler', (req, _reply, done) => {
    if (!isClean(req.params) || !isClean(req.query))
      assertNoProblems([...valueProblems(req.params, 'params'), ...valueProblems(req.query, 'querystring')]);
    done();
  });
}
