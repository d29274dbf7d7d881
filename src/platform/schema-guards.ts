import type { Ajv, SchemaValidateFunction } from 'ajv';
import { DATE_RANGE_RULE, type DateKind, dateRangeMessage } from './date-range-rules.ts';

/**
 * Rules added to every request schema (HTTP params, query and body) and every schema `validate.ts` checks, by kind, so
 * no route or form has to remember them:
 *
 * - every integer and number lies within ±(2^53 − 1) unless the schema bounds it already (a JSON number past that
 *   cannot be an id, a count or a bigint, and loses its digits in JavaScript);
 * - every date and date-time string lies in the sane range of date-range-rules.ts (1900-01-01 to 9999-12-31, a day
 *   the calendar has), checked by the keyword {@link DATE_RANGE_KEYWORD}; its problems carry the rule `date-range`.
 */
export const maxSafe = Number.MAX_SAFE_INTEGER;

/** Marks a date or date-time string schema (its value: the kind); an `x-` name, as OpenAPI wants of extensions. */
export const DATE_RANGE_KEYWORD = 'x-date-range';

/** Keys whose values are data, not schemas. */
const literalKeys = new Set(['default', 'const', 'enum', 'examples', 'example']);
/** Keys whose values name schemas. */
const namedKeys = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/** A copy of a schema with the numeric bounds added to every unbounded number and the date range to every date. */
export function guardSchema(schema: unknown, literal = false): unknown {
  if (literal || !schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => guardSchema(s));
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (namedKeys.has(key)) {
      const named: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries((value ?? {}) as Record<string, unknown>))
        named[name] = guardSchema(sub);
      out[key] = named;
    } else out[key] = guardSchema(value, literalKeys.has(key));
  }
  const types = [source.type].flat();
  if (types.includes('integer') || types.includes('number')) {
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -maxSafe;
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = maxSafe;
  }
  if ((source.format === 'date' || source.format === 'date-time') && out[DATE_RANGE_KEYWORD] === undefined)
    out[DATE_RANGE_KEYWORD] = source.format;
  return out;
}

/** Adds the date-range keyword to an ajv instance (an ajv plugin: Fastify's `ajv.plugins`, and validate.ts). */
export function dateRangeKeyword(ajv: Ajv): Ajv {
  const check: SchemaValidateFunction = (kind: DateKind, data: unknown) => {
    const message = typeof data === 'string' ? dateRangeMessage(data, kind) : null;
    check.errors = message ? [{ keyword: DATE_RANGE_KEYWORD, message, params: { rule: DATE_RANGE_RULE } }] : [];
    return message === null;
  };
  ajv.addKeyword({ keyword: DATE_RANGE_KEYWORD, schemaType: 'string', errors: true, validate: check });
  return ajv;
}
