import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DuplicateFacts, rankDuplicates, scoreDuplicate, SHOW_THRESHOLD } from './duplicates.ts';

/** Duplicate scoring for any two people drawn from a small pool of names, dates, emails and identifiers. */
const GIVEN = ['Jon', 'John', 'Jonathan', 'Mary', 'Marie', 'Zoë', 'Zoe', 'Ana'];
const FAMILY = ['Finke', 'Fink', 'Smith', 'Smyth', 'Ødegård', 'Odegard', 'Lee'];
const DATES = ['1990-04-01', '1990-04-10', '1985-12-31'];
const EMAILS = ['jf@x.org', 'JF@x.org', 'mary@y.org'];
const KINDS = ['id-number', 'library-card'];
const SCOPES = ['', 'main', 'law'];
const VALUES = ['S1', 's1', 'S2'];

const identifier = fc.record({
  kind: fc.constantFrom(...KINDS),
  scope: fc.constantFrom(...SCOPES),
  value: fc.constantFrom(...VALUES),
});
const personFacts: fc.Arbitrary<DuplicateFacts> = fc.record({
  givenName: fc.constantFrom(...GIVEN),
  familyName: fc.constantFrom(...FAMILY),
  preferredName: fc.option(fc.constantFrom(...GIVEN), { nil: undefined }),
  birthDate: fc.option(fc.constantFrom(...DATES), { nil: null }),
  emails: fc.uniqueArray(fc.constantFrom(...EMAILS), { maxLength: 2 }),
  identifiers: fc.array(identifier, { maxLength: 2 }),
});

const sharesIdentifier = (a: DuplicateFacts, b: DuplicateFacts) =>
  a.identifiers.some((x) =>
    b.identifiers.some(
      (y) => x.kind === y.kind && x.scope === y.scope && x.value.toLowerCase() === y.value.toLowerCase(),
    ),
  );
const sharesEmail = (a: DuplicateFacts, b: DuplicateFacts) =>
  a.emails.some((x) => b.emails.some((y) => x.toLowerCase() === y.toLowerCase()));

describe('duplicate scoring, for any two people', () => {
  it('is symmetric: A against B scores as B against A', () => {
    fc.assert(
      fc.property(personFacts, personFacts, (a, b) => {
        expect(scoreDuplicate(a, b).score).toBe(scoreDuplicate(b, a).score);
      }),
      { numRuns: 200 },
    );
  });

  it('scores a person against themself as at least a same name, and always between 0 and 1', () => {
    fc.assert(
      fc.property(personFacts, personFacts, (a, b) => {
        const self = scoreDuplicate(a, { ...a });
        expect(self.score).toBeGreaterThanOrEqual(0.8);
        expect(self.reasons[0]).toBe('same name');
        const { score } = scoreDuplicate(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('lifts a shared identifier (same kind, scope and value) to 0.9, and an identifier in another scope not at all', () => {
    fc.assert(
      fc.property(personFacts, personFacts, identifier, fc.constantFrom(...SCOPES), (a, b, id, otherScope) => {
        const withId = { ...a, identifiers: [id] };
        const same = scoreDuplicate(withId, { ...b, identifiers: [{ ...id, value: id.value.toUpperCase() }] });
        expect(same.score).toBeGreaterThanOrEqual(0.9);
        expect(same.reasons.some((r) => r.startsWith('same identifier'))).toBe(true);
        if (otherScope === id.scope) return;
        const elsewhere = scoreDuplicate(withId, { ...b, identifiers: [{ ...id, scope: otherScope }] });
        expect(elsewhere.reasons.some((r) => r.startsWith('same identifier'))).toBe(false);
        // Without an identifier in common, only the name, birth date and email decide.
        const neither = scoreDuplicate({ ...a, identifiers: [] }, { ...b, identifiers: [] });
        expect(elsewhere.score).toBe(neither.score);
      }),
      { numRuns: 200 },
    );
  });

  it('gives at least 0.85 for a shared email and 0.9 for a shared identifier, and names them', () => {
    fc.assert(
      fc.property(personFacts, personFacts, (a, b) => {
        const { score, reasons } = scoreDuplicate(a, b);
        if (sharesIdentifier(a, b)) expect(score).toBeGreaterThanOrEqual(0.9);
        else expect(reasons.some((r) => r.startsWith('same identifier'))).toBe(false);
        if (sharesEmail(a, b)) expect(score).toBeGreaterThanOrEqual(0.85);
        else expect(reasons.some((r) => r.startsWith('same email'))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('shows exactly the candidates scoring at or above the threshold, most likely first', () => {
    fc.assert(
      fc.property(
        personFacts,
        fc.array(personFacts, { maxLength: 6 }),
        fc.constantFrom(SHOW_THRESHOLD, 0.2, 0.6, 0.85, 0.9),
        (p, candidates, threshold) => {
          const ranked = rankDuplicates(p, candidates, threshold);
          const expected = candidates.filter((c) => scoreDuplicate(p, c).score >= threshold);
          expect(new Set(ranked.map((r) => r.candidate))).toEqual(new Set(expected));
          for (let i = 1; i < ranked.length; i += 1)
            expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
        },
      ),
      { numRuns: 200 },
    );
  });
});
