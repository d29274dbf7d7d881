import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { write } from '../platform/unit-of-work.ts';
import { endChosenLoans } from './loan-ending.ts';
import { mayConfigureLoans } from './loan-policy.ts';
import type { ExpiryResult } from './loan-schemas.ts';
import { assertMay, type Db } from './loan-store.ts';
import type { LoanDeps } from './loans.ts';

/**
 * Ends the loans whose time is up (the `temp-accounts` job, `POST /loans/sweep`): gives each account a fresh
 * unusable credential (loan-ending.ts; nothing to hash) and frees it in its pool. Loans go in batches, each one
 * transaction of one statement that locks the next due loans (skipping those a user's renewal or return holds,
 * and re-checking a loan changed meanwhile), closes them and resets their accounts, then the audit rows and
 * change-log entries (one statement per kind). A run that dies half-way has committed whole batches only; the
 * next run finds the rest, and an ended loan is never ended again.
 */
export const EXPIRY_BATCH = 1_000;

/** SQL: the loan aliased `alias` is due at `now` (loan-time.ts `isDue`: not ended, its end come). */
export function dueSql(alias: string, now: Date) {
  return sql<boolean>`${sql.ref(`${alias}.ended_at`)} is null and ${sql.ref(`${alias}.ends_at`)} <= ${now}::timestamptz`;
}

/** The next `limit` due loans with their accounts' usernames, first due first. */
export function dueLoans(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('temp_loans as l')
    .innerJoin('temp_accounts as a', 'a.id', 'l.account_id')
    .select(['l.id', 'l.account_id', 'a.username'])
    .where(dueSql('l', now))
    .orderBy('l.ends_at')
    .orderBy('l.id')
    .limit(limit);
}

export function createLoanExpiry(deps: LoanDeps) {
  async function expireDue(actor: Actor, options: { batchSize?: number } = {}): Promise<ExpiryResult> {
    assertMay(mayConfigureLoans(actor), actor, 'end due loans');
    const size = options.batchSize ?? EXPIRY_BATCH;
    const loans: number[] = [];
    for (;;) {
      const ended = await write(deps, actor, (uow) =>
        endChosenLoans(uow, dueLoans(uow.db, uow.now, size).forUpdate(['l']).skipLocked(), size, 'expired'),
      );
      loans.push(...ended.map((e) => e.loanId));
      // Fewer than a batch: nothing else is due but loans someone holds, left for the next run.
      if (ended.length < size) break;
    }
    return { ended: loans.length, loans };
  }

  return { expireDue };
}
