import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/demo/random.ts';
import { mayReadAccount, mayReadLoans, mayReadLoansOf } from '../../src/loans/loan-policy.ts';
import type { Actor, RoleGrant } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

interface Unit {
  id: number;
  path: string;
}
interface Account {
  id: number;
  orgId: number | null;
}
interface Loan {
  id: number;
  accountId: number;
  orgId: number;
  open: boolean;
}

const byId = (a: number, b: number) => a - b;

/**
 * The SQL filters of the loan reads (the history, the account list, the pools) against the
 * policy (loan-policy.ts): for seeded random actors over a random tree of departments,
 * accounts and loans, each read returns exactly what the policy lets the actor read.
 */
describe(`the loan reads filter by the policy (${storageKind})`, () => {
  let t: TestApp;
  const units: Unit[] = [];
  const accounts: Account[] = [];
  const loans: Loan[] = [];
  const pathOf = (orgId: number) => units.find((u) => u.id === orgId)!.path;

  beforeAll(async () => {
    t = await makeTestApp();
    const random = new Random(3);
    const db = t.db();
    for (let i = 0; i < 9; i += 1) {
      const parent = i === 0 ? null : random.pick(units).id;
      const id = await addOrg(t, `RS${i}`, parent);
      const { path } = await db.selectFrom('org_units').select('path').where('id', '=', id).executeTakeFirstOrThrow();
      units.push({ id, path });
    }
    const now = t.clock.now();
    for (let i = 0; i < 24; i += 1) {
      const orgId = random.chance(0.35) ? null : random.pick(units).id;
      const row = await db
        .insertInto('temp_accounts')
        .values({
          username: `rs-${i}`,
          org_id: orgId,
          state: 'free',
          secret_hash: 'x',
          secret_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      accounts.push({ id: row.id, orgId });
    }
    for (const account of accounts) {
      for (let k = random.int(0, 2); k > 0; k -= 1) {
        const open = k === 1 && random.chance(0.6);
        const orgId = account.orgId ?? random.pick(units).id;
        const starts = new Date(now.getTime() - (k + 1) * 86_400_000);
        const row = await db
          .insertInto('temp_loans')
          .values({
            account_id: account.id,
            org_id: orgId,
            from_global: account.orgId === null,
            borrower_name: 'Someone',
            comment: 'random',
            starts_at: starts,
            ends_at: new Date(starts.getTime() + 2 * 86_400_000),
            ended_at: open ? null : new Date(starts.getTime() + 3_600_000),
            end_reason: open ? null : 'returned',
            lent_by: 'test',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        loans.push({ id: row.id, accountId: account.id, orgId, open });
      }
    }
  });
  afterAll(() => t.close());

  function randomActor(random: Random, n: number): Actor {
    const grants: RoleGrant[] = [];
    for (let k = random.int(1, 2); k > 0; k -= 1) {
      const roll = random.next();
      const unit = random.pick(units);
      if (roll < 0.6) grants.push({ role: 'orgadmin', orgId: unit.id, orgPath: unit.path });
      else if (roll < 0.7) grants.push({ role: 'auditor', orgId: null, orgPath: null });
      else if (roll < 0.8) grants.push({ role: 'sysadmin', orgId: null, orgPath: null });
      else grants.push({ role: 'office', orgId: null, orgPath: null, office: 'library' });
    }
    return { kind: 'user', id: n, name: `reader-${n}`, roles: grants };
  }

  it('on seeded random actors: the history, the accounts and the pools', async () => {
    const random = new Random(17);
    const { loans: loanService, pools } = t.app.loans;
    let readers = 0;
    for (let n = 0; n < 40; n += 1) {
      const actor = randomActor(random, n);
      if (!mayReadLoans(actor)) {
        await expect(loanService.history(actor, { limit: 1000 })).rejects.toMatchObject({ code: 'forbidden' });
        await expect(pools.listAccounts(actor)).rejects.toMatchObject({ code: 'forbidden' });
        continue;
      }
      readers += 1;
      const history = await loanService.history(actor, { limit: 1000 });
      expect(history.items.map((l) => l.id).sort(byId), JSON.stringify(actor.roles)).toEqual(
        loans
          .filter((l) => mayReadLoansOf(actor, pathOf(l.orgId)))
          .map((l) => l.id)
          .sort(byId),
      );
      const listed = await pools.listAccounts(actor);
      expect(listed.map((a) => a.id).sort(byId), JSON.stringify(actor.roles)).toEqual(
        accounts
          .filter((a) => {
            const lentTo = loans.find((l) => l.accountId === a.id && l.open);
            return mayReadAccount(actor, {
              poolPath: a.orgId === null ? null : pathOf(a.orgId),
              loanPath: lentTo ? pathOf(lentTo.orgId) : null,
            });
          })
          .map((a) => a.id)
          .sort(byId),
      );
      const departments = new Set([
        ...accounts.flatMap((a) => (a.orgId === null ? [] : [a.orgId])),
        ...loans
          .filter((l) => l.open && accounts.find((a) => a.id === l.accountId)!.orgId === null)
          .map((l) => l.orgId),
      ]);
      expect(
        (await pools.pools(actor)).departments.map((d) => d.orgId!).sort(byId),
        JSON.stringify(actor.roles),
      ).toEqual([...departments].filter((id) => mayReadLoansOf(actor, pathOf(id))).sort(byId));
    }
    expect(readers).toBeGreaterThan(10);
  });
});
