import type { EmailAddress, PhoneNumber } from '../platform/db/schema.ts';
import { conflict, StewardError } from '../platform/errors.ts';

/**
 * The rules of merging two records of one human. Pure: which merges are refused, and how
 * the survivor's contact details and missing facts are completed from the loser's.
 */
export interface MergeSide {
  id: number;
  state: 'active' | 'merged';
  mergedInto: number | null;
}

/** Throws a clear error for a merge that must not happen; returns nothing when it may. */
export function assertMergeable(survivor: MergeSide, loser: MergeSide): void {
  if (survivor.id === loser.id)
    throw new StewardError('validation', 'a person cannot be merged into themselves', {
      problems: [{ field: '/loserId', rule: 'not-self', message: 'must differ from the surviving person' }],
    });
  if (loser.state === 'merged') {
    throw conflict(`person ${loser.id} was already merged into ${loser.mergedInto}; merge that record instead`, {
      field: '/loserId',
      rule: 'not-merged',
      message: `is a tombstone of person ${loser.mergedInto}`,
    });
  }
  if (survivor.state === 'merged') {
    throw conflict(
      `person ${survivor.id} was merged into ${survivor.mergedInto} and cannot take in another record; merge into ${survivor.mergedInto}`,
      { field: '/id', rule: 'not-merged', message: `is a tombstone of person ${survivor.mergedInto}` },
    );
  }
}

/** The survivor's addresses, then the loser's that it lacks (compared case-insensitively). */
export function unionEmails(survivor: EmailAddress[], loser: EmailAddress[]): EmailAddress[] {
  const seen = new Set(survivor.map((e) => e.address.toLowerCase()));
  return [...survivor, ...loser.filter((e) => !seen.has(e.address.toLowerCase()))];
}

const digitsOf = (n: string) => n.replace(/[^\d+]/g, '');

/** The survivor's phone numbers, then the loser's that it lacks (compared by digits). */
export function unionPhones(survivor: PhoneNumber[], loser: PhoneNumber[]): PhoneNumber[] {
  const seen = new Set(survivor.map((p) => digitsOf(p.number)));
  return [...survivor, ...loser.filter((p) => !seen.has(digitsOf(p.number)))];
}

export interface FillableFacts {
  middleName: string | null;
  preferredName: string | null;
  birthDate: string | null;
}

/** Facts the survivor lacks and the loser knows; the survivor's own values always win. */
export function missingFacts(survivor: FillableFacts, loser: FillableFacts): Partial<FillableFacts> {
  const out: Partial<FillableFacts> = {};
  for (const key of ['middleName', 'preferredName', 'birthDate'] as const)
    if (survivor[key] === null && loser[key] !== null) out[key] = loser[key];
  return out;
}
