import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/demo/random.ts';
import { dueLoans } from '../../src/loans/loan-expiry.ts';
import { isDue, type LoanTimes } from '../../src/loans/loan-time.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

const MINUTE = 60_000;

/**
 * The expiry's SQL (`dueLoans`, what the temp-accounts job selects) against the pure rule
 * (`isDue`): on seeded random loans, open and ended, ending just before, at and just after
 * each moment asked, the SQL picks exactly the loans the rule calls due.
 */
describe(`the expiry selects exactly the loans due (${storageKind})`, () => {
  let t: TestApp;
  let loans: Array<LoanTimes & { id: number }>;
  let base: number;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-09-01T12:00:00Z' });
    const org = await addOrg(t, 'DUE');
    const random = new Random(11);
    base = t.clock.now().getTime();
    const offsets = [-1, 0, 1, 999, -999];
    loans = [];
    for (let i = 0; i < 80; i += 1) {
      const ends = base + random.int(-6, 6) * MINUTE + random.pick(offsets);
      const ended = random.chance(0.35) ? base + random.int(-12, 0) * MINUTE : null;
      const account = await t
        .db()
        .insertInto('temp_accounts')
        .values({
          username: `due-${i}`,
          org_id: org,
          state: ended === null ? 'lent' : 'free',
          secret_hash: 'x',
          secret_changed_at: new Date(base),
          created_at: new Date(base),
          updated_at: new Date(base),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const loan = await t
        .db()
        .insertInto('temp_loans')
        .values({
          account_id: account.id,
          org_id: org,
          from_global: false,
          borrower_name: `Borrower ${i}`,
          comment: 'random',
          starts_at: new Date(ends - 3 * 60 * MINUTE),
          ends_at: new Date(ends),
          ended_at: ended === null ? null : new Date(ended),
          end_reason: ended === null ? null : 'returned',
          lent_by: 'test',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      loans.push({ id: loan.id, endsAt: new Date(ends), endedAt: ended === null ? null : new Date(ended) });
    }
  });
  afterAll(() => t.close());

  const sqlDue = async (now: Date) =>
    (await dueLoans(t.db(), now, 10_000).execute()).map((r) => r.id).sort((a, b) => a - b);
  const pureDue = (now: Date) =>
    loans
      .filter((l) => isDue(l, now))
      .map((l) => l.id)
      .sort((a, b) => a - b);

  it('at every minute around the ends, and at each end exactly and a millisecond either side', async () => {
    const moments = [
      ...Array.from({ length: 15 }, (_, i) => new Date(base + (i - 7) * MINUTE)),
      ...loans.slice(0, 20).flatMap((l) => [-1, 0, 1].map((d) => new Date(l.endsAt.getTime() + d))),
    ];
    let dueSeen = 0;
    for (const now of moments) {
      const expected = pureDue(now);
      expect(await sqlDue(now), now.toISOString()).toEqual(expected);
      dueSeen += expected.length;
    }
    // the cases are not trivial: some moments find loans due, and not every open loan is due at every moment
    expect(dueSeen).toBeGreaterThan(0);
    expect(pureDue(new Date(base - 7 * MINUTE)).length).toBeLessThan(pureDue(new Date(base + 7 * MINUTE)).length);
  });

  it('a batch takes the loans due first, up to its size', async () => {
    const random = new Random(5);
    for (let round = 0; round < 5; round += 1) {
      const now = new Date(base + random.int(-3, 7) * MINUTE);
      const size = random.int(1, 12);
      const expected = loans
        .filter((l) => isDue(l, now))
        .sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime() || a.id - b.id)
        .slice(0, size)
        .map((l) => l.id);
      expect(expected.length).toBeGreaterThan(0);
      expect((await dueLoans(t.db(), now, size).execute()).map((r) => r.id)).toEqual(expected);
    }
  });
});
