import { describe, expect, it } from 'vitest';
import { BLOCK_THRESHOLD, type DuplicateFacts, rankDuplicates, scoreDuplicate, SHOW_THRESHOLD } from './duplicates.ts';

const person = (given: string, family: string, more: Partial<DuplicateFacts> = {}): DuplicateFacts => ({
  givenName: given,
  familyName: family,
  emails: [],
  identifiers: [],
  ...more,
});

describe('duplicate scoring', () => {
  it('flags the same name and birth date as almost surely the same human', () => {
    const s = scoreDuplicate(
      person('Jon', 'Finke', { birthDate: '1990-04-01' }),
      person('Jon', 'Finke', { birthDate: '1990-04-01' }),
    );
    expect(s.score).toBe(1);
    expect(s.reasons).toEqual(['same name', 'same birth date']);
  });

  it('blocks a typo in the name with the same birth date, and only shows it without one', () => {
    const typo = scoreDuplicate(
      person('Jon', 'Fink', { birthDate: '1990-04-01' }),
      person('Jon', 'Finke', { birthDate: '1990-04-01' }),
    );
    expect(typo.score).toBeGreaterThanOrEqual(BLOCK_THRESHOLD);
    expect(typo.reasons[0]).toBe('similar name (0.73)');
    const noDate = scoreDuplicate(person('Jon', 'Fink'), person('Jon', 'Finke'));
    expect(noDate.score).toBeGreaterThanOrEqual(SHOW_THRESHOLD);
    expect(noDate.score).toBeLessThan(BLOCK_THRESHOLD);
  });

  it('shows but does not block the same name with a different birth date (dates get mistyped too)', () => {
    const s = scoreDuplicate(
      person('John', 'Smith', { birthDate: '1980-01-01' }),
      person('John', 'Smith', { birthDate: '1991-07-12' }),
    );
    expect(s.score).toBeGreaterThanOrEqual(SHOW_THRESHOLD);
    expect(s.score).toBeLessThan(BLOCK_THRESHOLD);
    expect(s.reasons).toContain('different birth date');
  });

  it('matches through the preferred name and through accents', () => {
    expect(scoreDuplicate(person('Jon', 'Finke'), person('Jonathan', 'Finke', { preferredName: 'Jon' })).score).toBe(
      0.8,
    );
    expect(scoreDuplicate(person('Zoe', 'Odegard'), person('Zoë', 'Ødegård')).reasons).toEqual(['same name']);
  });

  it('lifts a shared email or identifier above the block threshold whatever the name', () => {
    const email = scoreDuplicate(
      person('J', 'F', { emails: ['JF@x.org'] }),
      person('Jonathan', 'Finke', { emails: ['jf@x.org'] }),
    );
    expect(email).toEqual({ score: 0.85, reasons: ['same email jf@x.org'] });
    const id = scoreDuplicate(
      person('A', 'B', { identifiers: [{ kind: 'id-number', scope: '', value: 'S00000018' }] }),
      person('C', 'D', { identifiers: [{ kind: 'id-number', scope: '', value: 'S00000018' }] }),
    );
    expect(id).toEqual({ score: 0.9, reasons: ['same identifier id-number S00000018'] });
  });

  it("matches an identifier only within its scope: the same value from another issuer is someone else's", () => {
    const card = (scope: string) => ({ identifiers: [{ kind: 'library-card', scope, value: 'L-100' }] });
    const mine = scoreDuplicate(person('A', 'B', card('main')), person('C', 'D', card('main')));
    expect(mine).toEqual({ score: 0.9, reasons: ['same identifier library-card@main L-100'] });
    const theirs = scoreDuplicate(person('A', 'B', card('main')), person('C', 'D', card('law')));
    expect(theirs.score).toBeLessThan(SHOW_THRESHOLD);
    expect(theirs.reasons).toEqual([]);
    const otherKind = scoreDuplicate(
      person('A', 'B', card('main')),
      person('C', 'D', { identifiers: [{ kind: 'badge', scope: 'main', value: 'L-100' }] }),
    );
    expect(otherKind.reasons).toEqual([]);
  });

  it('shows a candidate scoring exactly the threshold, and drops it when the threshold is above its score', () => {
    const prospect = person('Jon', 'Lee');
    const atThreshold = person('Jon', 'Leigh');
    expect(scoreDuplicate(prospect, atThreshold).score).toBe(SHOW_THRESHOLD);
    expect(rankDuplicates(prospect, [atThreshold]).map((r) => r.candidate)).toEqual([atThreshold]);
    expect(rankDuplicates(prospect, [atThreshold], SHOW_THRESHOLD + 0.01)).toEqual([]);
    // The block threshold is inclusive too: a shared email (0.85) is kept when asked for 0.85 and above.
    const email = person('X', 'Y', { emails: ['a@b.org'] });
    expect(rankDuplicates(person('P', 'Q', { emails: ['a@b.org'] }), [email], 0.85)).toHaveLength(1);
  });

  it('ranks candidates, most likely first, and drops unlikely ones', () => {
    const ranked = rankDuplicates(person('Jon', 'Finke', { birthDate: '1990-04-01' }), [
      person('Mary', 'Lee'),
      person('Jon', 'Fink'),
      person('Jon', 'Finke', { birthDate: '1990-04-01' }),
    ]);
    expect(ranked.map((r) => r.candidate.familyName)).toEqual(['Finke', 'Fink']);
  });
});
