import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { hashPassword, newPassword } from '../platform/auth/secrets.ts';
import { write } from '../platform/unit-of-work.ts';
import { mayConfigureLoans } from './loan-policy.ts';
import type { ExpiryResult } from './loan-schemas.ts';
import { endLoans, RESET_COST } from './loan-service.ts';
import { assertMay, type Db } from './loan-store.ts';
import type { LoanDeps } from './loans.ts';

/**
 * Ends the loans whose time is up (the `temp-accounts` job, `POST /loans/sweep`): resets
 * each account's credential to a random secret and frees it in its pool. Loans go in small
 * batches, each one transaction that locks its loans (skipping those a user's renewal or
 * return holds), re-checks that they are still open and due, and ends them with an audit
 * row and change-log entries. A run that dies half-way has committed whole batches only;
 * the next run finds the rest, and an ended loan is never ended again.
 */
export const EXPIRY_BATCH = 50;

/** SQL: the loan aliased `alias` is due at `now` (loan-time.ts `isDue`: not ended, its end come). */
export function dueSql(alias: string, now: Date) {
  return sql<boolean>`${sql.ref(`${alias}.ended_at`)} is null and ${sql.ref(`${alias}.ends_at`)} <= ${now}::timestamptz`;
}

/** The next due loans with their accounts, first due first, leaving out `skipped`. */
export function dueLoans(db: Db, now: Date, skipped: ReadonlySet<number>, limit: number) {
  let q = db
    .selectFrom('temp_loans as l')
    .innerJoin('temp_accounts as a', 'a.id', 'l.account_id')
    .select(['l.id', 'l.account_id', 'a.username'])
    .where(dueSql('l', now));
  if (skipped.size) q = q.where('l.id', 'not in', [...skipped]);
  return q.orderBy('l.ends_at').orderBy('l.id').limit(limit);
}

export function createLoanExpiry(deps: LoanDeps) {
  async function expireDue(actor: Actor, options: { batchSize?: number } = {}): Promise<ExpiryResult> {
    assertMay(mayConfigureLoans(actor), actor, 'end due loans');
    const size = options.batchSize ?? EXPIRY_BATCH;
    const loans: number[] = [];
    const skipped = new Set<number>();
    for (;;) {
      const now = deps.clock.now();
      // Candidates first, without locks, so the slow hashing happens outside the transaction.
      const due = await dueLoans(deps.db, now, skipped, size).execute();
      if (due.length === 0) break;
      const hashes = await Promise.all(due.map(() => hashPassword(newPassword(), RESET_COST)));
      const ended = await write(deps, actor, async (uow) => {
        const locked = await uow.db
          .selectFrom('temp_loans as l')
          .select('l.id')
          .where(
            'l.id',
            'in',
            due.map((d) => d.id),
          )
          .where(dueSql('l', uow.now))
          .orderBy('l.id')
          .forUpdate()
          .skipLocked()
          .execute();
        const mine = new Set(locked.map((r) => r.id));
        const endings = due.map((d, i) => ({
          loanId: d.id,
          accountId: d.account_id,
          username: d.username,
          hash: hashes[i],
        }));
        return endLoans(
          uow,
          endings.filter((e) => mine.has(e.loanId)),
          'expired',
        );
      });
      loans.push(...ended);
      // A loan held by someone else (or renewed meanwhile) is left for the next run.
      for (const d of due) if (!ended.includes(d.id)) skipped.add(d.id);
      if (due.length < size) break;
    }
    return { ended: loans.length, loans };
  }

  return { expireDue };
}
