import type { AffiliationRecord } from './snapshot-rows.ts';

/**
 * An affiliation as a source's record gives it (its facts), as audit rows and change-log
 * entries show it, and whether a record would change it. Pure.
 */
export interface AffiliationRow {
  id: number;
  person_id: number;
  org_id: number;
  kind: string;
  title: string | null;
  codes: string[];
  valid_from: string | null;
  valid_to: string | null;
  attributes: Record<string, string>;
}

export type AffiliationFacts = Omit<AffiliationRow, 'id' | 'person_id'>;

/** The affiliation as audit rows and change-log entries show it. */
export function shown(a: AffiliationFacts & { id: number }, orgCode: string, source: string, recordKey: string) {
  return {
    id: a.id,
    orgId: a.org_id,
    orgCode,
    kind: a.kind,
    title: a.title,
    codes: a.codes,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    attributes: a.attributes,
    source,
    recordKey,
  };
}

export function factsOf(record: AffiliationRecord, orgId: number): AffiliationFacts {
  return {
    org_id: orgId,
    kind: record.kind,
    title: record.title ?? null,
    codes: record.codes,
    valid_from: record.validFrom ?? null,
    valid_to: record.validTo ?? null,
    attributes: record.attributes,
  };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameAttributes = (a: Record<string, string>, b: Record<string, string>) =>
  sameJson(Object.entries(a).sort(), Object.entries(b).sort());
export function sameFacts(a: AffiliationFacts, b: AffiliationFacts): boolean {
  return (
    a.org_id === b.org_id &&
    a.kind === b.kind &&
    a.title === b.title &&
    sameJson(a.codes, b.codes) &&
    a.valid_from === b.valid_from &&
    a.valid_to === b.valid_to &&
    sameAttributes(a.attributes, b.attributes)
  );
}
