import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from 'typebox';
import { DATE_RANGE_RULE } from './date-range-rules.ts';
import { assertNoProblems, type FieldProblem } from './errors.ts';
import { DATE_RANGE_KEYWORD, dateRangeKeyword, guardSchema } from './schema-guards.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * One validator for everything that is not an HTTP body (config, CSV rows, custom
 * fields), so bad input reads the same everywhere: the field and the rule it broke.
 */
const ajv = dateRangeKeyword(
  addFormats(new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false })),
);
const cache = new WeakMap<object, ValidateFunction>();

function compiled(schema: TSchema): ValidateFunction {
  let fn = cache.get(schema);
  if (!fn) {
    // With the shared guards (schema-guards.ts): dates in their sane range, numbers within ±(2^53 − 1).
    fn = ajv.compile(guardSchema(schema) as object);
    cache.set(schema, fn);
  }
  return fn;
}

/**
 * Turns ajv's errors into field problems: "/birthDate" + "format:date". A date out of range or impossible is one
 * problem with the rule `date-range`.
 */
export function toFieldProblems(errors: ErrorObject[] | null | undefined, prefix = ''): FieldProblem[] {
  const list = errors ?? [];
  const outOfRange = new Set(list.filter((e) => e.keyword === DATE_RANGE_KEYWORD).map((e) => e.instancePath));
  // The other complaints about that value (its format; of a nullable date, "must be null" and the union) say less.
  const kept = list.filter((e) => !(outOfRange.has(e.instancePath) && ['format', 'type', 'anyOf'].includes(e.keyword)));
  return kept.map((e) => {
    let field = e.instancePath || '/';
    let rule = e.keyword;
    if (e.keyword === 'required')
      field = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
    if (e.keyword === 'additionalProperties') {
      field = `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      rule = 'unknown-field';
    }
    if (e.keyword === 'format') rule = `format:${(e.params as { format: string }).format}`;
    if (e.keyword === DATE_RANGE_KEYWORD) rule = DATE_RANGE_RULE;
    const message =
      e.keyword === 'additionalProperties'
        ? 'is not a known field'
        : e.keyword === 'required'
          ? 'is required'
          : (e.message ?? 'is invalid');
    return { field: prefix + field, rule, message };
  });
}

/** Problems of a value against a schema (empty when valid). Applies schema defaults in place. */
export function problemsOf(schema: TSchema, value: unknown, prefix = ''): FieldProblem[] {
  const fn = compiled(schema);
  return fn(value) ? [] : toFieldProblems(fn.errors, prefix);
}

/** Returns the value typed by the schema, or throws a validation error naming each field and rule. */
export function validate<S extends TSchema>(schema: S, value: unknown, prefix = ''): Static<S> {
  assertNoProblems(problemsOf(schema, value, prefix));
  return value as Static<S>;
}
