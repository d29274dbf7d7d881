import fc from 'fast-check';

/** The JSON-schema keywords the route schemas use (as the OpenAPI document prints them). */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/**
 * Raw JSON literals JSON.stringify cannot write (a number past double range, a bigint
 * past 2^63); a generated string of this form is spliced into the body unquoted.
 */
export const rawMark = '__raw__';
const raw = (literal: string) => `${rawMark}${literal}${rawMark}`;
export const spliceRaw = (json: string) => json.replace(new RegExp(`"${rawMark}(.*?)${rawMark}"`, 'g'), '$1');

/** Strings that have broken servers: control characters, bad Unicode, direction and zero-width marks, look-alikes. */
export const edgeStrings = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u202Eevil\u202C',
  '\u200B\u200D\uFEFF',
  '\u2066rtl\u2069 \u200F',
  '𝕊𝕥𝕖𝕨',
  'ǅ̶̡͖̓',
  '',
  ' ',
  '\t\r\n',
  '../../etc/passwd',
  "'; drop table people; --",
  '%00',
  '\\u0000',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '2026-02-30',
  '0000-01-01',
  '9999-12-31',
  '-infinity',
  '2026-13-01',
  '2026-02-30T10:00:00Z',
  '2026-09-01T25:61:00Z',
  '275760-09-13T00:00:00Z',
  '99999999999999999999',
  '-1',
  '0x10',
  '*',
  '%',
  '_',
];

/** Numbers at and past every limit. */
export const edgeNumbers = [
  1e308,
  -1e308,
  2 ** 63,
  -(2 ** 63),
  -0,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  0.5,
  0,
  -1,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
];

const edgeLiterals = ['1e400', '-1e400', '9223372036854775808', '-9223372036854775809', '1.0e1', '-0.0'].map(raw);

/** Any value of any kind at its edge: what a malformed field holds. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...edgeStrings),
  fc.constantFrom(...edgeNumbers),
  fc.constantFrom(...edgeLiterals),
  fc.constantFrom(null, true, false, [], {}, [[[]]], { a: { b: { c: [] } } }, [null], ['\u0000']),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const isoDay = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Days, mostly real ones near now, some impossible (the 30th of February, month 13, day 0) or out of range. */
const dateString = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => isoDay(y, m, d)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0000-01-01', '9999-12-31', '2026-02-29', '2024-02-29', '1-01-01', '+002026-01-01'),
  },
);
const dateTimeString = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999+14:00',
      '2026-09-01T09:00:00-23:59',
      '2026-09-01T23:59:60Z',
    ),
  },
);

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date') return dateString;
  if (s.format === 'date-time') return dateTimeString;
  if (s.format === 'email') return fc.emailAddress();
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern, 'u')).filter((v) => v.length <= (s.maxLength ?? 1000));
    } catch {
      return fc.string();
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, 40));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom('a', 'x1', 'staff', 'library', 'UNI', 'FACA', 'hr', 'person', 'group') },
  );
}

function numberOf(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6), -(2 ** 40));
  const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6), 2 ** 40);
  if (hi < lo) return fc.constant(lo);
  if (!integer) return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(
    fc.integer({ min: Math.ceil(lo), max: Math.min(Math.floor(hi), Math.ceil(lo) + 5) }),
    fc.integer({ min: Math.max(Math.ceil(lo), -(2 ** 31) + 1), max: Math.min(Math.floor(hi), 2 ** 31 - 1) }),
  );
}

/**
 * An arbitrary of values for a JSON schema. `malformed` is the chance weight (out of 10)
 * that any one node is replaced by an edge value of any kind instead of one that fits.
 */
export function fromSchema(s: JsonSchema, malformed = 0, depth = 0): fc.Arbitrary<unknown> {
  const fits = fitting(s, malformed, depth);
  return malformed > 0
    ? fc.oneof({ weight: 10 - malformed, arbitrary: fits }, { weight: malformed, arbitrary: edgeValue })
    : fits;
}

function fitting(s: JsonSchema, malformed: number, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => fromSchema(b, malformed, depth + 1)));
  if (s.allOf) return fromSchema(Object.assign({}, ...s.allOf), malformed, depth);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => fitting({ ...s, type }, malformed, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberOf(s, true);
    case 'number':
      return numberOf(s, false);
    case 'string':
      return stringOf(s);
    case 'array':
      return fc.array(s.items ? fromSchema(s.items, malformed, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: Math.min(s.minItems ?? 0, 3),
        maxLength: Math.max(Math.min(s.maxItems ?? 3, 3), Math.min(s.minItems ?? 0, 3)),
      });
    case 'object':
      return objectOf(s, malformed, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(s: JsonSchema, malformed: number, depth: number): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  if (depth > 8) return fc.constant({});
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, sub] of Object.entries(props)) model[name] = fromSchema(sub, malformed, depth + 1);
  const required = s.required ?? [];
  const known = fc.record(model, { requiredKeys: required.filter((k) => k in props) });
  const extra =
    typeof s.additionalProperties === 'object'
      ? fc.dictionary(stringOf({ maxLength: 20 }), fromSchema(s.additionalProperties, malformed, depth + 1), {
          maxKeys: 3,
        })
      : malformed > 0
        ? fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom('unknown', '\u0000', '__proto__x'), edgeValue))
        : fc.constant({});
  return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
}

/** Path parameter values: mostly ids and names that may exist, some malformed. */
export const malformedPathValues = [
  '99999999999999999999',
  '9223372036854775808',
  '-1',
  '0',
  '1.5',
  '1e3',
  'abc',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E2%80%AE',
  '%2e%2e',
  ' 1',
  '0x1',
];
