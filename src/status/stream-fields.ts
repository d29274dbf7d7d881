import type { FieldProblem } from '../platform/errors.ts';

/**
 * The fields of an auxiliary status stream (the paper's People_Status_Aux_Proto) and the
 * values set for them per status type. Pure: a field definition is checked, a value is
 * checked against its field, and values travel between their JSON form (what the API and
 * the form carry: numbers, booleans, strings) and the canonical text stored in
 * `stream_values` and compared by the "everyone with stream/field/value" query.
 */
export const fieldTypes = ['text', 'number', 'boolean', 'date', 'enum'] as const;
export type FieldType = (typeof fieldTypes)[number];
export type FieldValue = string | number | boolean;

export interface StreamFieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  /** The allowed values of an enum field (empty for every other type). */
  options: string[];
  /** Longest text or enum value in characters; null = no limit but MAX_TEXT. */
  length: number | null;
  /** What a status type has when no value was set for it; null = nothing. */
  default: FieldValue | null;
  /** Order of the columns in the generated form (lowest first, then by name). */
  displayRank: number;
}

export const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
export const MAX_TEXT = 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Why a value does not fit its field (rule and message), or null when it fits. */
export function valueProblem(
  field: Pick<StreamFieldDefinition, 'type' | 'options' | 'length'>,
  value: unknown,
): { rule: string; message: string } | null {
  const limit = field.length ?? MAX_TEXT;
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return { rule: 'type', message: 'must be text' };
      if (value.length > limit) return { rule: 'maxLength', message: `must be at most ${limit} characters` };
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { rule: 'type', message: 'must be a number' };
      return null;
    case 'boolean':
      if (typeof value !== 'boolean') return { rule: 'type', message: 'must be true or false' };
      return null;
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value))
        return { rule: 'date', message: 'must be a date YYYY-MM-DD' };
      return null;
    case 'enum':
      if (typeof value !== 'string' || !field.options.includes(value))
        return { rule: 'enum', message: `must be one of ${field.options.join(', ')}` };
      return null;
  }
}

/** The text stored for a value that fits its field. */
export function storedValue(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** The JSON form of a stored value. */
export function valueOfStored(type: FieldType, stored: string): FieldValue {
  switch (type) {
    case 'number':
      return Number(stored);
    case 'boolean':
      return stored === 'true';
    case 'text':
    case 'date':
    case 'enum':
      return stored;
    default: {
      const unknown: never = type;
      throw new Error(`unknown field type ${String(unknown)}`);
    }
  }
}

/**
 * A value written as text (a query string, a CLI argument `borrow_days=28`) read as its
 * field's type: numbers and booleans are parsed, everything else stays text.
 */
export function valueFromText(type: FieldType, text: string): unknown {
  switch (type) {
    case 'number':
      return text.trim() === '' ? text : Number(text);
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'text':
    case 'date':
    case 'enum':
      return text;
    default: {
      // A type typed on a command line may be anything: left as text, for the server to refuse.
      const _unknown: never = type;
      return text;
    }
  }
}

/** Problems with a field definition, each naming `<prefix>/<property>`. */
export function fieldDefinitionProblems(def: StreamFieldDefinition, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (p: string, rule: string, message: string) => problems.push({ field: `${prefix}/${p}`, rule, message });
  if (!NAME_PATTERN.test(def.name))
    at('name', 'pattern', 'must be 1-32 lowercase letters, digits, dashes or underscores, starting with a letter');
  if (def.label.trim() === '') at('label', 'not-blank', 'must not be blank');
  if (!(fieldTypes as readonly string[]).includes(def.type))
    at('type', 'enum', `must be one of ${fieldTypes.join(', ')}`);
  if (def.length !== null && (!Number.isInteger(def.length) || def.length < 1 || def.length > MAX_TEXT))
    at('length', 'range', `must be a whole number from 1 to ${MAX_TEXT}`);
  if (def.length !== null && !['text', 'enum'].includes(def.type))
    at('length', 'text-only', 'applies to text and enum fields only');
  if (!Number.isInteger(def.displayRank)) at('displayRank', 'type', 'must be a whole number');
  if (def.type === 'enum') {
    if (def.options.length === 0) at('options', 'not-empty', 'an enum field needs at least one option');
    const seen = new Set<string>();
    def.options.forEach((o, i) => {
      if (o.trim() === '') at(`options/${i}`, 'not-blank', 'must not be blank');
      else if (o.length > (def.length ?? MAX_TEXT))
        at(`options/${i}`, 'maxLength', `must be at most ${def.length ?? MAX_TEXT} characters (the field's length)`);
      if (seen.has(o)) at(`options/${i}`, 'unique', `"${o}" is listed twice`);
      seen.add(o);
    });
  } else if (def.options.length > 0) {
    at('options', 'enum-only', 'only enum fields have options');
  }
  if (def.default !== null && problems.length === 0) {
    const p = valueProblem(def, def.default);
    if (p) at('default', p.rule, p.message);
  }
  return problems;
}

/** Fields in form order: display rank, then name. */
export function inFormOrder<T extends Pick<StreamFieldDefinition, 'name' | 'displayRank'>>(fields: readonly T[]): T[] {
  return [...fields].sort((a, b) => a.displayRank - b.displayRank || a.name.localeCompare(b.name));
}
