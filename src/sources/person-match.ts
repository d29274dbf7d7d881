import { nameSimilarity } from '../registry/duplicates.ts';
import type { PersonName } from '../registry/names.ts';

/**
 * Which person an affiliation record belongs to, decided from what the caller looked up.
 * Pure. The order of evidence:
 * 1. the person already holding this source's key for the person wins outright;
 * 2. else the people holding the record's ID number, username or email: exactly one, with
 *    a name similar enough (or a record without a name to contradict it), is that person;
 *    one whose name differs, or several different people, is a near-match flagged for
 *    review: a typo in a feed must not attach someone's job to someone else;
 * 3. else people with the record's birth date and (nearly) its name, though no identifier
 *    in common: a near-match flagged for review, not a second person (a guest arriving as a
 *    student keeps one history once an administrator says so);
 * 4. else nobody: a new person is created, unless the source may not create people or the
 *    record has no family name to create one from, and then it waits for review.
 * The caller resolves merged people to their survivors before asking.
 */
export interface MatchPerson {
  id: number;
}

export interface MatchInput<P extends MatchPerson> {
  /** The record's name, to tell whether a person can be created and whether it has a name at all. */
  record: { givenName?: string | null; familyName?: string | null };
  /** The person holding `source-key` (scope: source) = the record's person key, if any. */
  bySourceKey?: P | null;
  /** People holding the record's ID number, username or email (one person may appear more than once). */
  byIdentifiers: readonly P[];
  /** People with the record's birth date and family name (looked up only when no identifier matched). */
  byNameAndBirthDate?: readonly P[];
  /** How similar the record's name is to a person's, 0 … 1 (see `recordNameSimilarity`). */
  nameSimilarity: (person: P) => number;
  /** The source's `createPeople` (default true). */
  createPeople?: boolean;
  /** The source's `reviewNearMatches` (default true). */
  reviewNearMatches?: boolean;
  /** The similarity at or above which an identifier holder's name agrees (default `MATCH_NAME_SIMILARITY`). */
  threshold?: number;
}

export interface ReviewCandidate {
  personId: number;
  /** Name similarity to the record (null when the record has no name). */
  similarity: number | null;
}

export type ReviewRule = 'several-people' | 'name-mismatch' | 'name-and-birth-date' | 'create-disabled' | 'no-name';

export type MatchDecision =
  | { match: number; by: 'source-key' | 'identifier' }
  | { create: true }
  | { review: { candidates: ReviewCandidate[]; rule: ReviewRule; reason: string } };

/** The people importer's bar for "the same name" behind a shared identifier (import-plan.ts). */
export const MATCH_NAME_SIMILARITY = 0.5;

/** With no identifier in common, the name similarity at or above which a birth-date twin is held for review. */
export const SAME_PERSON_NAME_SIMILARITY = 0.8;

/** The record's name against a person's (best of given/preferred + family forms), for `nameSimilarity`. */
export function recordNameSimilarity(
  record: { givenName?: string | null; familyName?: string | null },
  person: PersonName,
): number {
  return nameSimilarity({ givenName: record.givenName ?? '', familyName: record.familyName ?? '' }, person);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Decides: match an existing person, create one, or hold the record for review (never a guess). */
export function matchPerson<P extends MatchPerson>(input: MatchInput<P>): MatchDecision {
  if (input.bySourceKey) return { match: input.bySourceKey.id, by: 'source-key' };
  const hasName = Boolean(input.record.givenName?.trim() || input.record.familyName?.trim());
  const people = [...new Map(input.byIdentifiers.map((p) => [p.id, p])).values()];
  const scored = people.map((p) => ({ personId: p.id, similarity: hasName ? input.nameSimilarity(p) : null }));
  const candidates = scored
    .map((c) => ({ personId: c.personId, similarity: c.similarity === null ? null : round(c.similarity) }))
    .sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0) || a.personId - b.personId);
  if (people.length > 1) {
    return {
      review: {
        candidates,
        rule: 'several-people',
        reason: `the record's identifiers belong to ${people.length} different people (${candidates.map((c) => c.personId).join(', ')})`,
      },
    };
  }
  if (people.length === 1) {
    const [only] = scored;
    const threshold = input.threshold ?? MATCH_NAME_SIMILARITY;
    if (only.similarity === null || only.similarity >= threshold || input.reviewNearMatches === false)
      return { match: only.personId, by: 'identifier' };
    return {
      review: {
        candidates,
        rule: 'name-mismatch',
        reason: `an identifier belongs to person ${only.personId}, whose name is not similar enough (${(Math.floor(only.similarity * 100) / 100).toFixed(2)}, below ${threshold})`,
      },
    };
  }
  const twins = input.reviewNearMatches === false ? [] : nameAndBirthDateTwins(input);
  if (twins.length > 0)
    return {
      review: {
        candidates: twins,
        rule: 'name-and-birth-date',
        reason: `no identifier matches, but ${twins.length === 1 ? 'person' : 'people'} ${twins.map((c) => c.personId).join(', ')} ${twins.length === 1 ? 'has' : 'have'} the record's name and birth date`,
      },
    };
  if (input.createPeople === false)
    return {
      review: {
        candidates: [],
        rule: 'create-disabled',
        reason: 'no person matches and this source does not create people',
      },
    };
  if (!input.record.familyName?.trim())
    return {
      review: {
        candidates: [],
        rule: 'no-name',
        reason: 'no person matches and the record has no family name to create one from',
      },
    };
  return { create: true };
}

/** The people of `byNameAndBirthDate` whose name is close enough to the record's, most similar first. */
function nameAndBirthDateTwins<P extends MatchPerson>(input: MatchInput<P>): ReviewCandidate[] {
  const people = [...new Map((input.byNameAndBirthDate ?? []).map((p) => [p.id, p])).values()];
  return people
    .map((p) => ({ personId: p.id, similarity: round(input.nameSimilarity(p)) }))
    .filter((c) => c.similarity >= SAME_PERSON_NAME_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || a.personId - b.personId);
}
