import { dateRangeMessage } from '../platform/date-range-rules.ts';
import { isRealDate } from '../registry/affiliations.ts';
import { rawCsvRecords } from './csv-cells.ts';
import { emailPattern, normaliseIdentifier } from '../registry/identifiers.ts';
import type { RowError } from '../registry/import-rows.ts';
import { textLines } from './text-lines.ts';

/**
 * Affiliation records as a source of record delivers them, one CSV row or JSON line at a
 * time, and how each becomes a checked record or errors naming its line, field and rule
 * (the people importer's style). Pure: no database, clock or network; whole-snapshot
 * checks (duplicate keys, org codes) are in snapshot-check.ts.
 *
 * A record is in normal form once read: text trimmed (names with single spaces), empty
 * optional fields absent, email and username lowercase, ID number uppercase, codes
 * without blanks or repeats, attributes without empty values. So the same facts read
 * from CSV or from JSON lines give the same record, and the same record hash.
 */
export type { RowError };

export interface AffiliationRecord {
  /** The source's unique key of this record (one affiliation). */
  recordKey: string;
  /** The source's key for the person, e.g. the HR employee number. */
  personKey: string;
  givenName?: string;
  middleName?: string;
  familyName?: string;
  birthDate?: string;
  email?: string;
  idNumber?: string;
  username?: string;
  kind: string;
  orgCode: string;
  title?: string;
  /** Classification codes, in the order given. */
  codes: string[];
  validFrom?: string;
  validTo?: string;
  attributes: Record<string, string>;
}

export type SnapshotFormat = 'csv' | 'jsonl';
/** One line of a snapshot: a checked record, or every problem found in it. */
export type SnapshotItem = { line: number; record: AffiliationRecord } | { line: number; errors: RowError[] };

type TextField =
  | 'recordKey'
  | 'personKey'
  | 'givenName'
  | 'middleName'
  | 'familyName'
  | 'birthDate'
  | 'email'
  | 'idNumber'
  | 'username'
  | 'kind'
  | 'orgCode'
  | 'title'
  | 'validFrom'
  | 'validTo';
export type RecordField = TextField | 'codes' | 'attributes';

/** Each text field's CSV column and the longest value accepted. */
const TEXT_FIELDS: Record<TextField, { column: string; max: number }> = {
  recordKey: { column: 'record_key', max: 200 },
  personKey: { column: 'person_key', max: 200 },
  givenName: { column: 'given_name', max: 200 },
  middleName: { column: 'middle_name', max: 200 },
  familyName: { column: 'family_name', max: 200 },
  birthDate: { column: 'birth_date', max: 10 },
  email: { column: 'email', max: 254 },
  idNumber: { column: 'id_number', max: 40 },
  username: { column: 'username', max: 64 },
  kind: { column: 'kind', max: 40 },
  orgCode: { column: 'org_code', max: 64 },
  title: { column: 'title', max: 300 },
  validFrom: { column: 'valid_from', max: 10 },
  validTo: { column: 'valid_to', max: 10 },
};
const TEXT_NAMES = Object.keys(TEXT_FIELDS) as TextField[];
const REQUIRED: readonly TextField[] = ['recordKey', 'personKey', 'kind', 'orgCode'];
const NAME_FIELDS: ReadonlySet<TextField> = new Set(['givenName', 'middleName', 'familyName']);
const DATE_FIELDS = ['birthDate', 'validFrom', 'validTo'] as const;
const MAX_CODE = 64;
const MAX_ATTRIBUTE = 1000;
const attributeNamePattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
/** The prefix of CSV columns that carry attributes (`attr.building`). */
export const ATTRIBUTE_PREFIX = 'attr.';
/** The columns a CSV snapshot may have, besides `attr.<name>` ones. */
export const SNAPSHOT_COLUMNS: readonly string[] = [...TEXT_NAMES.map((f) => TEXT_FIELDS[f].column), 'codes'];
/** The CSV columns every snapshot must have (and fill on every row). */
export const REQUIRED_SNAPSHOT_COLUMNS: readonly string[] = REQUIRED.map((f) => TEXT_FIELDS[f].column);
/** Codes in one CSV cell are separated by this. */
export const CODE_SEPARATOR = ';';

/**
 * How a field is named in errors: the CSV column (`org_code`, `attr.room`) or the JSON key (`orgCode`,
 * `attributes.room`).
 */
export function fieldLabel(field: RecordField, format: SnapshotFormat, attribute?: string): string {
  if (field === 'attributes' && attribute !== undefined)
    return format === 'csv' ? `${ATTRIBUTE_PREFIX}${attribute}` : `attributes.${attribute}`;
  if (field === 'codes' || field === 'attributes') return field;
  return format === 'csv' ? TEXT_FIELDS[field].column : field;
}

/** A record's values as read, before any check; shared by both formats. */
interface RawValues {
  text: Partial<Record<TextField, string>>;
  codes: string[];
  attributes: [string, string][];
}

/** Whitespace other than single spaces (names are squeezed to single spaces). */
const spaceToSqueeze = /\s\s|[^\S ]/;
const OPTIONAL_NAMES = TEXT_NAMES.filter((f) => !REQUIRED.includes(f));
/** Attribute names already found good (a snapshot repeats a few names on every line); bounded. */
const goodNames = new Set<string>();
function goodName(name: string): boolean {
  if (goodNames.has(name)) return true;
  if (!attributeNamePattern.test(name)) return false;
  if (goodNames.size < 10_000) goodNames.add(name);
  return true;
}

/**
 * Dates already judged, with the rule and message of a refused one (snapshots repeat a few thousand dates a million
 * times); bounded.
 */
const judgedDates = new Map<string, [rule: string, message: string] | null>();
function dateProblem(value: string): [rule: string, message: string] | null {
  let problem = judgedDates.get(value);
  if (problem === undefined) {
    if (judgedDates.size >= 100_000) judgedDates.clear();
    const real = isRealDate(value);
    const outOfRange = real ? dateRangeMessage(value, 'date') : null;
    if (!real) problem = ['format:date', `"${value}" is not a date as YYYY-MM-DD`];
    else problem = outOfRange ? ['date-range', outOfRange] : null;
    judgedDates.set(value, problem);
  }
  return problem;
}

function checkValues(
  raw: RawValues,
  line: number,
  format: SnapshotFormat,
): { record?: AffiliationRecord; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });
  const label = (f: RecordField) => fieldLabel(f, format);
  const v: Partial<Record<TextField, string>> = {};
  for (const f of TEXT_NAMES) {
    let value = raw.text[f]?.trim() ?? '';
    if (NAME_FIELDS.has(f) && spaceToSqueeze.test(value)) value = value.replace(/\s+/g, ' ');
    if (value === '') {
      if (REQUIRED.includes(f)) fail(label(f), 'required', 'must not be empty');
    } else if (value.length > TEXT_FIELDS[f].max)
      fail(label(f), 'max-length', `is ${value.length} characters long; at most ${TEXT_FIELDS[f].max} are allowed`);
    else v[f] = value;
  }
  for (const f of DATE_FIELDS) {
    const problem = v[f] === undefined ? null : dateProblem(v[f]);
    if (problem) {
      fail(label(f), ...problem);
      delete v[f];
    }
  }
  if (v.validFrom && v.validTo && v.validTo < v.validFrom)
    fail(label('validTo'), 'after-valid-from', `${v.validTo} is before ${label('validFrom')} ${v.validFrom}`);
  if (v.email !== undefined) {
    v.email = v.email.toLowerCase();
    if (!emailPattern.test(v.email)) fail(label('email'), 'format:email', `"${v.email}" is not an email address`);
  }
  for (const [f, kind] of [
    ['idNumber', 'id-number'],
    ['username', 'username'],
  ] as const) {
    if (v[f] === undefined) continue;
    const n = normaliseIdentifier({ kind, value: v[f] });
    for (const p of n.problems) fail(label(f), p.rule, `"${v[f]}" ${p.message}`);
    if (n.identifier) v[f] = n.identifier.value;
  }
  const codes: string[] = [];
  for (const c of raw.codes.map((x) => x.trim())) {
    if (c.length > MAX_CODE)
      fail(
        label('codes'),
        'max-length',
        `code "${c.slice(0, 20)}…" is ${c.length} characters long; at most ${MAX_CODE} are allowed`,
      );
    else if (c !== '' && !codes.includes(c)) codes.push(c);
  }
  const attributes: Record<string, string> = {};
  for (const [name, rawValue] of raw.attributes) {
    const value = rawValue.trim();
    if (value === '' && goodNames.has(name)) continue;
    const at = fieldLabel('attributes', format, name);
    if (!goodName(name)) fail(at, 'pattern', 'an attribute name is lowercase letters, digits, . _ - (at most 64)');
    else if (value.length > MAX_ATTRIBUTE)
      fail(at, 'max-length', `is ${value.length} characters long; at most ${MAX_ATTRIBUTE} are allowed`);
    else if (value !== '') attributes[name] = value;
  }
  if (errors.length) return { errors };
  const record: AffiliationRecord = {
    recordKey: v.recordKey!,
    personKey: v.personKey!,
    kind: v.kind!,
    orgCode: v.orgCode!,
    codes,
    attributes,
  };
  for (const f of OPTIONAL_NAMES) if (v[f] !== undefined) (record as unknown as Record<string, string>)[f] = v[f];
  return { record, errors };
}

/** Where each CSV column goes: a field, an attribute, or nowhere (an unknown column, already reported). */
export type SnapshotColumn = { field: TextField | 'codes' } | { attribute: string } | null;

export interface SnapshotHeader {
  columns: SnapshotColumn[];
}

const columnToField = new Map<string, TextField | 'codes'>([
  ...TEXT_NAMES.map((f) => [TEXT_FIELDS[f].column, f] as const),
  ['codes', 'codes'],
]);

/** Reads the CSV header: unknown, repeated or missing required columns are errors on its line. */
export function readSnapshotHeader(cells: string[], line = 1): { header?: SnapshotHeader; errors: RowError[] } {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const columns = cells.map((raw): SnapshotColumn => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (seen.has(name)) errors.push({ line, field: name, rule: 'duplicate-column', message: 'appears more than once' });
    seen.add(name);
    if (name.startsWith(ATTRIBUTE_PREFIX)) {
      const attribute = name.slice(ATTRIBUTE_PREFIX.length);
      if (attributeNamePattern.test(attribute)) return { attribute };
      errors.push({
        line,
        field: raw,
        rule: 'pattern',
        message: 'an attribute column is attr.<name>, the name lowercase letters, digits, . _ - (at most 64)',
      });
      return null;
    }
    const field = columnToField.get(name);
    if (field) return { field };
    errors.push({
      line,
      field: raw,
      rule: 'unknown-column',
      message: `is not a column Steward knows (known: ${SNAPSHOT_COLUMNS.join(', ')}, attr.<name>)`,
    });
    return null;
  });
  for (const f of REQUIRED)
    if (!seen.has(TEXT_FIELDS[f].column))
      errors.push({
        line,
        field: TEXT_FIELDS[f].column,
        rule: 'required-column',
        message: 'the file must have this column',
      });
  return errors.length ? { errors } : { header: { columns }, errors };
}

/** Checks one CSV data line against the header; returns the record or every problem in it. */
export function readCsvRow(
  header: SnapshotHeader,
  cells: string[],
  line: number,
): { record?: AffiliationRecord; errors: RowError[] } {
  if (cells.length !== header.columns.length) {
    return {
      errors: [
        {
          line,
          field: 'row',
          rule: 'column-count',
          message: `has ${cells.length} fields; the header has ${header.columns.length}`,
        },
      ],
    };
  }
  const raw: RawValues = { text: {}, codes: [], attributes: [] };
  header.columns.forEach((c, i) => {
    if (c === null) return;
    if ('attribute' in c) raw.attributes.push([c.attribute, cells[i]]);
    else if (c.field === 'codes') raw.codes = cells[i].split(CODE_SEPARATOR);
    else raw.text[c.field] = cells[i];
  });
  return checkValues(raw, line, 'csv');
}

const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const JSON_KEYS: readonly string[] = [...TEXT_NAMES, 'codes', 'attributes'];

/**
 * Checks one record given as a JSON value (a JSON line, or a single-record update's body):
 * the same fields in camelCase, `codes` an array of strings, `attributes` an object of
 * strings; null means absent. Wrong types and unknown keys are errors naming the key.
 */
export function readRecordObject(value: unknown, line: number): { record?: AffiliationRecord; errors: RowError[] } {
  if (!isPlainObject(value))
    return {
      errors: [
        { line, field: 'row', rule: 'type:object', message: `a record is a JSON object, not ${typeName(value)}` },
      ],
    };
  const errors: RowError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });
  const raw: RawValues = { text: {}, codes: [], attributes: [] };
  for (const [key, v] of Object.entries(value)) {
    if (!JSON_KEYS.includes(key))
      fail(key, 'unknown-field', `is not a field Steward knows (known: ${JSON_KEYS.join(', ')})`);
    else if (v === null || v === undefined) continue;
    else if (key === 'codes') {
      if (!Array.isArray(v)) fail(key, 'type:array', `must be an array of strings, not ${typeName(v)}`);
      else
        v.forEach((c, i) =>
          typeof c === 'string'
            ? raw.codes.push(c)
            : fail(`codes[${i}]`, 'type:string', `must be a string, not ${typeName(c)}`),
        );
    } else if (key === 'attributes') {
      if (!isPlainObject(v)) fail(key, 'type:object', `must be an object of strings, not ${typeName(v)}`);
      else {
        for (const [name, a] of Object.entries(v)) {
          if (typeof a === 'string') raw.attributes.push([name, a]);
          else if (a !== null)
            fail(fieldLabel('attributes', 'jsonl', name), 'type:string', `must be a string, not ${typeName(a)}`);
        }
      }
    } else if (typeof v !== 'string') fail(key, 'type:string', `must be a string, not ${typeName(v)}`);
    else raw.text[key as TextField] = v;
  }
  const checked = checkValues(raw, line, 'jsonl');
  if (!errors.length) return checked;
  // A key of the wrong type is reported once, not again as "required".
  const reported = new Set(errors.map((e) => e.field));
  return { errors: [...errors, ...checked.errors.filter((e) => !reported.has(e.field))] };
}

/** Parses and checks one JSON line; malformed JSON is an error for the line as a whole. */
export function readJsonRow(text: string, line: number): { record?: AffiliationRecord; errors: RowError[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      errors: [{ line, field: 'row', rule: 'format:json', message: `is not valid JSON (${(e as Error).message})` }],
    };
  }
  return readRecordObject(value, line);
}

const item = (line: number, r: { record?: AffiliationRecord; errors: RowError[] }): SnapshotItem =>
  r.record ? { line, record: r.record } : { line, errors: r.errors };

/**
 * Decides, from a record's raw text alone, to skip it (not read, checked or yielded): the
 * reconciler's fast path for records delivered exactly as last time. `context` is the CSV
 * header's raw text ('' for JSON lines), on which the meaning of a CSV line depends.
 */
export type SkipRaw = (line: number, raw: string, context: string) => boolean;

/**
 * Reads a whole snapshot as it streams in, yielding each line's record or errors, pulling
 * the next chunk only when the caller asks for more (memory bounded by a chunk and a line).
 * A CSV header with errors, or a CSV syntax error, is yielded as that line's errors and
 * ends the reading (nothing after it can be trusted); the snapshot must then be held.
 * Failures of the stream itself are thrown, never turned into row errors. A line `skip`
 * accepts is not read at all.
 */
export async function* readSnapshot(
  input: AsyncIterable<string | Uint8Array>,
  format: SnapshotFormat,
  skip?: SkipRaw,
): AsyncGenerator<SnapshotItem> {
  if (format === 'jsonl') {
    for await (const l of textLines(input)) {
      if ('tooLong' in l)
        yield {
          line: l.line,
          errors: [
            { line: l.line, field: 'row', rule: 'max-length', message: 'the line is too long to be one record' },
          ],
        };
      else {
        const text = l.line === 1 ? l.text.replace(/^\uFEFF/, '') : l.text;
        if (text.trim() !== '' && !skip?.(l.line, text, '')) yield item(l.line, readJsonRow(text, l.line));
      }
    }
    return;
  }
  let header: SnapshotHeader | undefined;
  let context = '';
  for await (const it of rawCsvRecords(input)) {
    if ('syntaxError' in it) {
      yield { line: it.line, errors: [{ line: it.line, field: 'row', rule: 'format:csv', message: it.syntaxError }] };
      return;
    }
    if (header) {
      if (!skip?.(it.line, it.raw, context))
        yield item(it.line, readCsvRow(header, it.cells ?? it.raw.split(','), it.line));
      continue;
    }
    const read = readSnapshotHeader(it.cells ?? it.raw.split(','), it.line);
    if (!read.header) {
      yield { line: it.line, errors: read.errors };
      return;
    }
    header = read.header;
    context = it.raw;
  }
  if (!header)
    yield {
      line: 1,
      errors: [
        {
          line: 1,
          field: 'row',
          rule: 'required-header',
          message: 'the file is empty: a CSV snapshot starts with a header line',
        },
      ],
    };
}
