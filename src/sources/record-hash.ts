import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { AffiliationRecord } from './snapshot-rows.ts';

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

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

const OPTIONAL_TEXT = ['givenName', 'middleName', 'familyName', 'birthDate', 'email', 'idNumber', 'username', 'title', 'validFrom', 'validTo'] as const;
type OptionalText = (typeof OPTIONAL_TEXT)[number];

/** A record as the hash accepts it: optional fields may also be null (as read back from jsonb). */
export type HashableRecord = Pick<AffiliationRecord, 'recordKey' | 'personKey' | 'kind' | 'orgCode'> & {
  [K in OptionalText]?: string | null;
} & { codes?: readonly string[] | null; attributes?: Readonly<Record<string, string | null | undefined>> | null };

// Every field of a record is hashed: a field added to AffiliationRecord but not listed here fails to compile.
type Unhashed = Exclude<keyof AffiliationRecord, OptionalText | 'recordKey' | 'personKey' | 'kind' | 'orgCode' | 'codes' | 'attributes'>;
const _everyFieldHashed: [Unhashed] extends [never] ? true : never = true;

/** The normal form that is hashed: exposed so a test or an investigation can see what a hash covers. */
export function hashBody(record: HashableRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { recordKey: record.recordKey, personKey: record.personKey, kind: record.kind, orgCode: record.orgCode };
  for (const f of OPTIONAL_TEXT) {
    const v = record[f];
    if (v !== undefined && v !== null && v !== '') body[f] = v;
  }
  body.codes = [...new Set((record.codes ?? []).filter((c) => c !== ''))].sort();
  const attributes: Record<string, string> = {};
  for (const [name, v] of Object.entries(record.attributes ?? {})) if (v !== undefined && v !== null && v !== '') attributes[name] = v;
  body.attributes = attributes;
  return body;
}

/** The record's content hash (64 hex digits): equal exactly when the records say the same thing. */
export function recordHash(record: HashableRecord): string {
  return createHash('sha256').update(canonicalize(hashBody(record))!).digest('hex');
}
