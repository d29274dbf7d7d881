import { describe, expect, it } from 'vitest';
import { matchPerson, recordNameSimilarity } from './person-match.ts';

interface Person {
  id: number;
  givenName: string;
  familyName: string;
  preferredName?: string | null;
}
const ana: Person = { id: 1, givenName: 'Ana', familyName: 'Silva' };
const anaMaria: Person = { id: 2, givenName: 'Ana Maria', familyName: 'Silva' };
const bob: Person = { id: 3, givenName: 'Robert', familyName: 'Okafor', preferredName: 'Bob' };
const record = { givenName: 'Ana', familyName: 'Silva' };
const similarityTo = (r: typeof record) => (p: Person) => recordNameSimilarity(r, p);

describe('matching a record to a person', () => {
  it("matches the person holding the source's key, whatever the identifiers say", () => {
    expect(
      matchPerson({ record, bySourceKey: bob, byIdentifiers: [ana, anaMaria], nameSimilarity: similarityTo(record) }),
    ).toEqual({ match: 3, by: 'source-key' });
  });

  it('matches the one person holding its identifiers when the names agree', () => {
    expect(matchPerson({ record, byIdentifiers: [ana, ana], nameSimilarity: similarityTo(record) })).toEqual({
      match: 1,
      by: 'identifier',
    });
    const bobRecord = { givenName: 'Bob', familyName: 'Okafor' };
    expect(matchPerson({ record: bobRecord, byIdentifiers: [bob], nameSimilarity: similarityTo(bobRecord) })).toEqual({
      match: 3,
      by: 'identifier',
    });
    const accented = { givenName: 'Ána', familyName: 'Silva ' };
    expect(matchPerson({ record: accented, byIdentifiers: [ana], nameSimilarity: similarityTo(accented) })).toEqual({
      match: 1,
      by: 'identifier',
    });
  });

  it('flags an identifier whose holder has a different name for review instead of attaching the record to them', () => {
    const other = { givenName: 'Wei', familyName: 'Zhang' };
    const d = matchPerson({ record: other, byIdentifiers: [ana], nameSimilarity: similarityTo(other) });
    expect(d).toEqual({
      review: {
        candidates: [{ personId: 1, similarity: 0 }],
        rule: 'name-mismatch',
        reason: 'an identifier belongs to person 1, whose name is not similar enough (0.00, below 0.5)',
      },
    });
  });

  it('trusts the identifier when the source says not to review near-matches', () => {
    const other = { givenName: 'Wei', familyName: 'Zhang' };
    expect(
      matchPerson({
        record: other,
        byIdentifiers: [ana],
        nameSimilarity: similarityTo(other),
        reviewNearMatches: false,
      }),
    ).toEqual({ match: 1, by: 'identifier' });
  });

  it('flags identifiers held by several people for review, most similar first, even when near-matches are trusted', () => {
    const d = matchPerson({
      record,
      byIdentifiers: [bob, anaMaria, ana],
      nameSimilarity: similarityTo(record),
      reviewNearMatches: false,
    });
    expect(d).toMatchObject({
      review: { rule: 'several-people', reason: "the record's identifiers belong to 3 different people (1, 2, 3)" },
    });
    expect('review' in d && d.review.candidates.map((c) => c.personId)).toEqual([1, 2, 3]);
    expect('review' in d && d.review.candidates[0].similarity).toBe(1);
  });

  it('matches by identifier alone a record that carries no name to contradict it', () => {
    expect(matchPerson({ record: {}, byIdentifiers: [bob], nameSimilarity: () => 0 })).toEqual({
      match: 3,
      by: 'identifier',
    });
  });

  it('creates a person when nobody matches, unless the source may not or the record has no family name', () => {
    expect(matchPerson({ record, byIdentifiers: [], nameSimilarity: () => 1 })).toEqual({ create: true });
    expect(matchPerson({ record, byIdentifiers: [], nameSimilarity: () => 1, createPeople: false })).toEqual({
      review: {
        candidates: [],
        rule: 'create-disabled',
        reason: 'no person matches and this source does not create people',
      },
    });
    expect(matchPerson({ record: { givenName: 'Ana' }, byIdentifiers: [], nameSimilarity: () => 1 })).toMatchObject({
      review: { rule: 'no-name' },
    });
  });

  it('compares against the bar the people importer uses, or the one given', () => {
    expect(matchPerson({ record, byIdentifiers: [ana], nameSimilarity: () => 0.49 })).toMatchObject({
      review: { rule: 'name-mismatch' },
    });
    expect(matchPerson({ record, byIdentifiers: [ana], nameSimilarity: () => 0.5 })).toEqual({
      match: 1,
      by: 'identifier',
    });
    expect(matchPerson({ record, byIdentifiers: [ana], nameSimilarity: () => 0.7, threshold: 0.8 })).toMatchObject({
      review: { rule: 'name-mismatch' },
    });
  });

  it('holds a record with no identifier in common but the name and birth date of an existing person for review', () => {
    const d = matchPerson({
      record,
      byIdentifiers: [],
      byNameAndBirthDate: [bob, ana, anaMaria],
      nameSimilarity: similarityTo(record),
    });
    expect(d).toMatchObject({
      review: {
        rule: 'name-and-birth-date',
        reason: "no identifier matches, but person 1 has the record's name and birth date",
      },
    });
    expect('review' in d && d.review.candidates.map((c) => c.personId)).toEqual([1]);
    // Even where the source may not create people, the review names the likely person.
    expect(
      matchPerson({
        record,
        byIdentifiers: [],
        byNameAndBirthDate: [ana],
        nameSimilarity: similarityTo(record),
        createPeople: false,
      }),
    ).toMatchObject({ review: { rule: 'name-and-birth-date' } });
  });

  it('creates a person when the birth-date twins have other names, or the source does not review near-matches', () => {
    expect(
      matchPerson({ record, byIdentifiers: [], byNameAndBirthDate: [bob], nameSimilarity: similarityTo(record) }),
    ).toEqual({ create: true });
    expect(
      matchPerson({
        record,
        byIdentifiers: [],
        byNameAndBirthDate: [ana],
        nameSimilarity: similarityTo(record),
        reviewNearMatches: false,
      }),
    ).toEqual({ create: true });
  });
});
