import { dateRangeMessage } from '../platform/date-range-rules.ts';
import { isRealDate } from './affiliations.ts';
import { emailPattern, normaliseIdentifier } from './identifiers.ts';
import { tidyName } from './names.ts';

/**
 * The people CSV: which columns it may have, and how one line becomes a checked row or a
 * list of errors naming its line, column and rule. Pure; the importer does the lookups
 * (existing people, org codes) and the writes.
 */
export const IMPORT_COLUMNS = [
  'source_key',
  'source',
  'given_name',
  'middle_name',
  'family_name',
  'preferred_name',
  'birth_date',
  'email',
  'phone',
  'id_number',
  'username',
  'org_code',
  'affiliation_kind',
  'title',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['source_key', 'family_name'];
/** Other spellings accepted in the header. */
const ALIASES: Record<string, ImportColumn> = {
  affiliation: 'affiliation_kind',
  key: 'source_key',
  first_name: 'given_name',
  last_name: 'family_name',
  surname: 'family_name',
};

export interface RowError {
  /** Line in the file (the header is line 1). */
  line: number;
  /** The column, or "row" for the line as a whole. */
  field: string;
  rule: string;
  message: string;
}

export interface ImportRow {
  line: number;
  source: string;
  sourceKey: string;
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  birthDate: string | null;
  email: string | null;
  phone: string | null;
  idNumber: string | null;
  username: string | null;
  orgCode: string | null;
  affiliationKind: string | null;
  title: string | null;
}

/** A checked header: which column sits at which position. */
export interface Header {
  columns: (ImportColumn | null)[];
  has: ReadonlySet<ImportColumn>;
}

const sourcePattern = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const phonePattern = /^\+?[0-9][0-9 ()./-]{2,30}$/;

/** True if `name` is a usable source name (lowercase letters, digits, dot, dash, underscore). */
export function isSourceName(name: string): boolean {
  return sourcePattern.test(name);
}

/** Reads the header line: unknown, repeated or missing required columns are errors for line 1. */
export function readHeader(cells: string[], defaultSource: string | null): { header?: Header; errors: RowError[] } {
  const errors: RowError[] = [];
  const columns = cells.map((raw) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    const column = (IMPORT_COLUMNS as readonly string[]).includes(name) ? (name as ImportColumn) : ALIASES[name];
    if (!column)
      errors.push({
        line: 1,
        field: raw,
        rule: 'unknown-column',
        message: `is not a column Steward knows (known: ${IMPORT_COLUMNS.join(', ')})`,
      });
    return column ?? null;
  });
  const has = new Set<ImportColumn>();
  for (const c of columns) {
    if (c && has.has(c))
      errors.push({ line: 1, field: c, rule: 'duplicate-column', message: 'appears more than once' });
    if (c) has.add(c);
  }
  for (const c of REQUIRED_COLUMNS)
    if (!has.has(c))
      errors.push({ line: 1, field: c, rule: 'required-column', message: 'the file must have this column' });
  if (!has.has('source') && !defaultSource)
    errors.push({
      line: 1,
      field: 'source',
      rule: 'required',
      message: 'give the source name (?source=hr / --source hr) or a source column',
    });
  return errors.length ? { errors } : { header: { columns, has }, errors };
}

/** Checks one data line against the header; returns the row or every problem in it. */
export function readRow(
  header: Header,
  cells: string[],
  line: number,
  defaultSource: string | null,
  today: string,
): { row?: ImportRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });
  if (cells.length !== header.columns.length) {
    fail('row', 'column-count', `has ${cells.length} fields; the header has ${header.columns.length}`);
    return { errors };
  }
  const v: Partial<Record<ImportColumn, string>> = {};
  header.columns.forEach((c, i) => {
    if (c) v[c] = cells[i].trim();
  });
  const opt = (c: ImportColumn) => (v[c] ? v[c]! : null);
  const source = v.source || defaultSource || '';
  if (!isSourceName(source))
    fail('source', 'pattern', `"${source}" is not a source name (lowercase letters, digits, . _ -)`);
  if (!v.source_key) fail('source_key', 'required', 'must not be empty');
  if (!v.family_name) fail('family_name', 'required', 'must not be empty');
  const birthDate = opt('birth_date');
  if (birthDate && !isRealDate(birthDate))
    fail('birth_date', 'format:date', `"${birthDate}" is not a date as YYYY-MM-DD`);
  else if (birthDate && dateRangeMessage(birthDate, 'date'))
    fail('birth_date', 'date-range', dateRangeMessage(birthDate, 'date')!);
  else if (birthDate && birthDate > today) fail('birth_date', 'not-future', `${birthDate} is after today`);
  const email = opt('email')?.toLowerCase() ?? null;
  if (email && !emailPattern.test(email)) fail('email', 'format:email', `"${email}" is not an email address`);
  const phone = opt('phone');
  if (phone && !phonePattern.test(phone)) fail('phone', 'format:phone', `"${phone}" is not a phone number`);
  const identifier = (column: 'id_number' | 'username', kind: string) => {
    const raw = opt(column);
    if (!raw) return null;
    const n = normaliseIdentifier({ kind, value: raw });
    for (const p of n.problems) fail(column, p.rule, p.message);
    return n.identifier?.value ?? null;
  };
  const idNumber = identifier('id_number', 'id-number');
  const username = identifier('username', 'username');
  const orgCode = opt('org_code');
  let affiliationKind = opt('affiliation_kind');
  const title = opt('title');
  if (!orgCode && (affiliationKind || title))
    fail('org_code', 'required-with-affiliation', 'an affiliation kind or title needs the org_code it belongs to');
  if (orgCode && !affiliationKind) affiliationKind = 'member';
  if (errors.length) return { errors };
  const name = tidyName({
    givenName: v.given_name ?? '',
    familyName: v.family_name!,
    middleName: opt('middle_name'),
    preferredName: opt('preferred_name'),
  });
  return {
    errors,
    row: {
      line,
      source,
      sourceKey: v.source_key!,
      givenName: name.givenName,
      middleName: name.middleName ?? null,
      familyName: name.familyName,
      preferredName: name.preferredName ?? null,
      birthDate,
      email,
      phone,
      idNumber,
      username,
      orgCode,
      affiliationKind,
      title,
    },
  };
}
