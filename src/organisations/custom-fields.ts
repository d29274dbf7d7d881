import Type, { type TSchema } from 'typebox';
import type { OrgKindField } from '../platform/db/schema.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';

/**
 * Custom fields: each org kind carries a small schema (name, type, required, default,
 * options) that its units' `custom` values must satisfy. Values are checked with the same
 * validator as everything else (validate.ts), so a bad value reads "/custom/lease_ends
 * format:date" wherever it came from: the API, the CLI or a CSV line. Pure.
 */
export const fieldTypes = ['string', 'integer', 'number', 'boolean', 'date', 'email', 'enum'] as const;

const FIELD_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function valueSchema(field: OrgKindField): TSchema {
  switch (field.type) {
    case 'string':
      return Type.String({ maxLength: 1000 });
    case 'integer':
      return Type.Integer();
    case 'number':
      return Type.Number();
    case 'boolean':
      return Type.Boolean();
    case 'date':
      return Type.String({ format: 'date' });
    case 'email':
      return Type.String({ format: 'email' });
    case 'enum':
      return Type.Unsafe({ type: 'string', enum: field.options ?? [] });
  }
}

const schemas = new WeakMap<readonly OrgKindField[], TSchema>();

/** The JSON schema a kind's custom values must match (cached per field list). */
export function customSchema(fields: readonly OrgKindField[]): TSchema {
  let schema = schemas.get(fields);
  if (!schema) {
    schema = Type.Object(
      Object.fromEntries(fields.map((f) => [f.name, f.required ? valueSchema(f) : Type.Optional(valueSchema(f))])),
      { additionalProperties: false },
    );
    schemas.set(fields, schema);
  }
  return schema;
}

/**
 * Problems in a kind's field list itself: names must be snake_case and unique, enums need
 * options, and a default must be a valid value of its field (it will be written into units).
 */
export function kindFieldProblems(fields: readonly OrgKindField[], prefix = '/fields'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const at = `${prefix}/${i}`;
    if (!FIELD_NAME.test(f.name))
      problems.push({
        field: `${at}/name`,
        rule: 'pattern',
        message: 'must be lowercase letters, digits and underscores, starting with a letter',
      });
    if (seen.has(f.name)) problems.push({ field: `${at}/name`, rule: 'unique', message: `${f.name} is defined twice` });
    seen.add(f.name);
    if (!(fieldTypes as readonly string[]).includes(f.type))
      problems.push({ field: `${at}/type`, rule: 'enum', message: `must be one of ${fieldTypes.join(', ')}` });
    if (f.type === 'enum' && !(f.options && f.options.length))
      problems.push({
        field: `${at}/options`,
        rule: 'required-for-enum',
        message: 'an enum field needs at least one option',
      });
    if (f.type !== 'enum' && f.options !== undefined)
      problems.push({ field: `${at}/options`, rule: 'only-for-enum', message: 'options are only for enum fields' });
    // A default is checked only against a whole field (an enum without options has no schema).
    const whole = (fieldTypes as readonly string[]).includes(f.type) && (f.type !== 'enum' || !!f.options?.length);
    if (f.default !== undefined && f.default !== null && whole) {
      for (const p of problemsOf(valueSchema(f), f.default))
        problems.push({ field: `${at}/default`, rule: p.rule, message: `the default ${p.message}` });
    }
  });
  return problems;
}

/** Fields whose value every unit of the kind must have. */
export function requiredFields(fields: readonly OrgKindField[]): OrgKindField[] {
  return fields.filter((f) => f.required);
}

export interface ResolvedCustom {
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * A unit's custom values after a change: the stored values (minus fields the kind no
 * longer has), overlaid with the patch (null clears a field), defaults filled in for
 * missing fields, and the result checked against the kind's schema. Unknown fields in the
 * patch are problems; values the kind has dropped are silently forgotten.
 */
export function resolveCustom(
  fields: readonly OrgKindField[],
  stored: Record<string, unknown>,
  patch: Record<string, unknown> = {},
  prefix = '/custom',
): ResolvedCustom {
  const known = new Set(fields.map((f) => f.name));
  const problems: FieldProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) if (known.has(k) && v !== null && v !== undefined) values[k] = v;
  for (const [k, v] of Object.entries(patch)) {
    if (!known.has(k))
      problems.push({ field: `${prefix}/${k}`, rule: 'unknown-field', message: 'is not a field of this kind' });
    else if (v === null || v === undefined) delete values[k];
    else values[k] = v;
  }
  for (const f of fields)
    if (values[f.name] === undefined && f.default !== undefined && f.default !== null)
      values[f.name] = structuredClone(f.default);
  if (problems.length === 0) problems.push(...problemsOf(customSchema(fields), values, prefix));
  return { values, problems };
}

/**
 * A field's value from text (a CSV cell, a command-line argument): numbers and booleans
 * are parsed, anything else stays text for the schema to judge. Empty text is null.
 */
export function valueFromText(field: OrgKindField, text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  if (field.type === 'integer' && /^-?\d+$/.test(t)) return Number(t);
  if (field.type === 'number' && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (field.type === 'boolean') {
    if (/^(true|yes|y|1)$/i.test(t)) return true;
    if (/^(false|no|n|0)$/i.test(t)) return false;
  }
  return t;
}
