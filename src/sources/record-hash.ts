import { hash } from 'node:crypto';
import type { AffiliationRecord } from './snapshot-rows.ts';

/**
 * The content hash of an affiliation record: SHA-256 (hex) of the RFC 8785 canonical JSON
 * of its normal form. The reconciler stores it per (source, record key) and compares it
 * with the next snapshot's to tell "changed since last time" without comparing fields.
 *
 * What does not change the hash: key order, the order of codes (they are a set: sorted,
 * repeats and blanks dropped), an optional field absent vs null vs "" (and an attribute
 * likewise). Everything else does, including the record key and the person key. Values
 * are hashed as given, not trimmed or re-cased: reading (snapshot-rows.ts) normalises.
 * Stored hashes depend on this exact form; changing it makes every record look changed.
 */

const OPTIONAL_TEXT = [
  'givenName',
  'middleName',
  'familyName',
  'birthDate',
  'email',
  'idNumber',
  'username',
  'title',
  'validFrom',
  'validTo',
] as const;
type OptionalText = (typeof OPTIONAL_TEXT)[number];

/** A record as the hash accepts it: optional fields may also be null (as read back from jsonb). */
export type HashableRecord = Pick<AffiliationRecord, 'recordKey' | 'personKey' | 'kind' | 'orgCode'> & {
  [K in OptionalText]?: string | null;
} & { codes?: readonly string[] | null; attributes?: Readonly<Record<string, string | null | undefined>> | null };

// Every field of a record is hashed: a field added to AffiliationRecord but not listed here fails to compile.
type Unhashed = Exclude<
  keyof AffiliationRecord,
  OptionalText | 'recordKey' | 'personKey' | 'kind' | 'orgCode' | 'codes' | 'attributes'
>;
const _everyFieldHashed: [Unhashed] extends [never] ? true : never = true;

/** The normal form that is hashed: exposed so a test or an investigation can see what a hash covers. */
export function hashBody(record: HashableRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    recordKey: record.recordKey,
    personKey: record.personKey,
    kind: record.kind,
    orgCode: record.orgCode,
  };
  for (const f of OPTIONAL_TEXT) {
    const v = record[f];
    if (v !== undefined && v !== null && v !== '') body[f] = v;
  }
  body.codes = [...new Set((record.codes ?? []).filter((c) => c !== ''))].sort();
  const attributes: Record<string, string> = {};
  for (const [name, v] of Object.entries(record.attributes ?? {}))
    if (v !== undefined && v !== null && v !== '') attributes[name] = v;
  body.attributes = attributes;
  return body;
}

const REQUIRED_KEYS: ReadonlySet<string> = new Set(['recordKey', 'personKey', 'kind', 'orgCode']);
/** The top-level keys of the hashed form in RFC 8785 order (UTF-16 code units). */
const SORTED_KEYS = [
  'recordKey',
  'personKey',
  'kind',
  'orgCode',
  ...OPTIONAL_TEXT,
  'codes',
  'attributes',
].sort() as (keyof HashableRecord)[];

/** A string as RFC 8785 writes it (ECMAScript JSON), refusing lone surrogates as the standard does. */
function jsonString(value: string): string {
  if (!needsEscape.test(value)) return `"${value}"`;
  if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
  return JSON.stringify(value);
}
/** Characters JSON escapes, and surrogates (to be checked for lone ones). */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The RFC 8785 canonical JSON of the record's normal form (`hashBody`), written directly:
 * every value is a string, a list of strings or an object of strings, so the order of the
 * keys is known and no general canonicaliser is needed (record-hash.test.ts holds it to one).
 */
export function canonicalBody(record: HashableRecord): string {
  let out = '{';
  for (const key of SORTED_KEYS) {
    if (key === 'codes') {
      const codes = [...new Set((record.codes ?? []).filter((c) => c !== ''))].sort();
      out += `${out.length > 1 ? ',' : ''}"codes":[${codes.map(jsonString).join(',')}]`;
    } else if (key === 'attributes') {
      const given = record.attributes ?? {};
      const names = Object.keys(given)
        .filter((n) => given[n] !== undefined && given[n] !== null && given[n] !== '')
        .sort();
      out += `${out.length > 1 ? ',' : ''}"attributes":{${names.map((n) => `${jsonString(n)}:${jsonString(given[n]!)}`).join(',')}}`;
    } else if (REQUIRED_KEYS.has(key)) {
      const v = record[key] as string | null | undefined;
      if (v !== undefined) out += `${out.length > 1 ? ',' : ''}"${key}":${v === null ? 'null' : jsonString(v)}`;
    } else {
      const v = record[key] as string | null | undefined;
      if (v !== undefined && v !== null && v !== '') out += `${out.length > 1 ? ',' : ''}"${key}":${jsonString(v)}`;
    }
  }
  return `${out}}`;
}

/** The record's content hash (64 hex digits): equal exactly when the records say the same thing. */
export function recordHash(record: HashableRecord): string {
  return hash('sha256', canonicalBody(record), 'hex');
}
