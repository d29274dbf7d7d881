import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { hashPassword, newPassword } from '../platform/auth/secrets.ts';
import { assertNoProblems, conflict, invalid, stale } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { endLoans } from './loan-ending.ts';
import { mayLend, mayLendSomewhere, mayManageLoan, mayReadLoansOf } from './loan-policy.ts';
import { type LendInput, lendProblems, type RenewInput, renewalProblems } from './loan-rules.ts';
import type { HistoryQuery, LendResult, LoanPage, LoanView } from './loan-schemas.ts';
import { loanPhase, phaseAllows } from './loan-time.ts';
import {
  assertMay,
  type Caller,
  type Db,
  inScope,
  loanQuery,
  loanViews,
  readLoan,
  readScope,
  unitOf,
} from './loan-store.ts';
import type { LoanDeps } from './loans.ts';
import { warnIfGlobalPoolLow } from './pool-alert.ts';

/**
 * Lending temporary accounts: an organisation administrator lends a free account of their
 * department's pool — or, when it has none free, one of the global pool — to a named
 * borrower for 3 hours to 2 days with a comment, and gets a fresh one-time password (only
 * its Argon2id hash is kept). They renew it, or take it back early; either way, and at
 * expiry (loan-expiry.ts), the credential is reset to a random unusable secret
 * (loan-ending.ts) and the account is free again in the pool it came from. Who may do each step is loan-policy.ts's
 * answer for the loan's department.
 */
export function createLoanService(deps: LoanDeps) {
  const { db } = deps;
  const callerOf = (actor: Actor): Caller => ({ actor, now: deps.clock.now() });

  async function assertPerson(trx: Db, id: number | null | undefined): Promise<void> {
    if (!id) return;
    const row = await trx.selectFrom('people').select('state').where('id', '=', id).executeTakeFirst();
    if (!row) throw invalid('/borrowerPersonId', 'known-person', `there is no person ${id}`);
    if (row.state === 'merged')
      throw invalid('/borrowerPersonId', 'not-merged', `person ${id} was merged into another record; use the survivor`);
  }

  /**
   * A free account of the department's own pool, else of the global pool; locked, skipping those another lend holds.
   */
  async function pickAccount(
    trx: Db,
    orgId: number,
  ): Promise<{ id: number; username: string; orgId: number | null } | null> {
    for (const pool of [orgId, null]) {
      let q = trx.selectFrom('temp_accounts').select(['id', 'username', 'org_id']).where('state', '=', 'free');
      q = pool === null ? q.where('org_id', 'is', null) : q.where('org_id', '=', pool);
      const row = await q.orderBy('username').limit(1).forUpdate().skipLocked().executeTakeFirst();
      if (row) return { id: row.id, username: row.username, orgId: row.org_id };
    }
    return null;
  }

  async function lend(actor: Actor, input: LendInput): Promise<LendResult> {
    assertMay(mayLendSomewhere(actor), actor, 'lend temporary accounts');
    const password = newPassword();
    const hash = await hashPassword(password, deps.passwordCost);
    const { id, low } = await write(deps, actor, async (uow) => {
      const unit = await unitOf(uow.db, input.orgId, '/orgId');
      assertMay(mayLend(actor, unit.path), actor, `lend for ${unit.code}`);
      const { endsAt, problems } = lendProblems(input, uow.now);
      assertNoProblems(problems);
      await assertPerson(uow.db, input.borrowerPersonId);
      const account = await pickAccount(uow.db, unit.id);
      if (!account)
        throw conflict(`${unit.code} has no free temporary account and the global pool is empty`, {
          field: '/orgId',
          rule: 'free-account',
          message: 'no free account in the department pool or the global pool',
        });
      const fromGlobal = account.orgId === null;
      await uow.db
        .updateTable('temp_accounts')
        .set({
          state: 'lent',
          secret_hash: hash,
          secret_changed_at: uow.now,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', account.id)
        .execute();
      const row = await uow.db
        .insertInto('temp_loans')
        .values({
          account_id: account.id,
          org_id: unit.id,
          from_global: fromGlobal,
          borrower_name: input.borrowerName?.trim() || null,
          borrower_person_id: input.borrowerPersonId ?? null,
          comment: input.comment.trim(),
          starts_at: uow.now,
          ends_at: endsAt!,
          lent_by: actor.name,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const loanId = row.id;
      uow.record({
        action: 'loan.lend',
        op: 'lent',
        targetType: 'temp_loan',
        targetId: loanId,
        after: {
          accountId: account.id,
          username: account.username,
          orgId: unit.id,
          fromGlobal,
          borrowerName: input.borrowerName?.trim() || null,
          borrowerPersonId: input.borrowerPersonId ?? null,
          comment: input.comment.trim(),
          endsAt: endsAt!.toISOString(),
        },
      });
      uow.change({
        entityType: 'temp_account',
        entityId: account.id,
        op: 'credential-set',
        data: { username: account.username, state: 'lent', loanId, endsAt: endsAt!.toISOString() },
      });
      const alert = fromGlobal ? await warnIfGlobalPoolLow(uow, unit.name) : { low: false };
      return { id: loanId, low: alert.low };
    });
    return { loan: (await readLoan(db, id, callerOf(actor))).view, password, globalPoolLow: low };
  }

  async function get(actor: Actor, id: number): Promise<LoanView> {
    readScope(actor);
    const loan = await readLoan(db, id, callerOf(actor));
    assertMay(mayReadLoansOf(actor, loan.path), actor, `read loan ${id}`);
    return loan.view;
  }

  /**
   * Loans newest first, filtered by account, department (its subtree), borrower, open or not; within the reader's
   * scope.
   */
  async function history(actor: Actor, query: HistoryQuery = {}): Promise<LoanPage> {
    const scope = readScope(actor);
    const limit = Math.min(query.limit ?? 100, 1000);
    let q = loanQuery(db).where(inScope(scope, 'u'));
    if (query.accountId) q = q.where('l.account_id', '=', query.accountId);
    if (query.orgId) {
      const unit = await unitOf(db, query.orgId, '/orgId');
      q = q.where('u.path', 'like', `${unit.path}%`);
    }
    if (query.personId) q = q.where('l.borrower_person_id', '=', query.personId);
    if (query.borrower)
      q = q.where(sql<boolean>`l.borrower_name ilike ${`%${query.borrower.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (query.open !== undefined) q = q.where('l.ended_at', query.open ? 'is' : 'is not', null);
    if (query.beforeId) q = q.where('l.id', '<', query.beforeId);
    const rows = await q
      .orderBy('l.id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = await loanViews(db, rows.slice(0, limit), callerOf(actor));
    return { items, next: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** Reads and locks an open loan the actor manages, at the version they read. */
  async function openLoan(uow: UnitOfWork, actor: Actor, id: number, expectedVersion: number) {
    const loan = await readLoan(uow.db, id, { actor, now: uow.now }, true);
    assertMay(mayManageLoan(actor, loan.path), actor, `manage loan ${id}`);
    if (loan.view.version !== expectedVersion) throw stale(`loan ${id}`, expectedVersion, loan.view.version);
    return loan;
  }

  /** Extends an open loan (If-Match) to a later end, at most 2 days from now; each renewal is kept. */
  async function renew(actor: Actor, id: number, expectedVersion: number, input: RenewInput): Promise<LoanView> {
    await write(deps, actor, async (uow) => {
      const loan = await openLoan(uow, actor, id, expectedVersion);
      const { endsAt, problems } = renewalProblems(loan, input, uow.now);
      if (problems.some((p) => p.field === '/loan')) throw conflict(problems[0].message, problems[0]);
      assertNoProblems(problems);
      await uow.db
        .updateTable('temp_loans')
        .set({ ends_at: endsAt!, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      await uow.db
        .insertInto('temp_loan_renewals')
        .values({
          loan_id: id,
          previous_ends_at: loan.endsAt,
          ends_at: endsAt!,
          at: uow.now,
          actor: actor.name,
          comment: input.comment?.trim() || null,
        })
        .execute();
      uow.record({
        action: 'loan.renew',
        op: 'renewed',
        targetType: 'temp_loan',
        targetId: id,
        before: { endsAt: loan.view.endsAt },
        after: {
          accountId: loan.accountId,
          username: loan.view.username,
          endsAt: endsAt!.toISOString(),
          version: loan.view.version + 1,
        },
        reason: input.comment?.trim() || null,
      });
    });
    return (await readLoan(db, id, callerOf(actor))).view;
  }

  /** Takes an account back before its end (If-Match): the credential is reset and the account is free again. */
  async function giveBack(
    actor: Actor,
    id: number,
    expectedVersion: number,
    reason: string | null = null,
  ): Promise<LoanView> {
    await write(deps, actor, async (uow) => {
      const loan = await openLoan(uow, actor, id, expectedVersion);
      if (!phaseAllows(loanPhase(loan, uow.now)).return)
        throw conflict(`loan ${id} ended at ${loan.view.endedAt}`, {
          field: '/loan',
          rule: 'open',
          message: 'the loan has already ended',
        });
      await endLoans(uow, [id], 'returned', reason);
    });
    return (await readLoan(db, id, callerOf(actor))).view;
  }

  return { lend, get, history, renew, giveBack };
}
