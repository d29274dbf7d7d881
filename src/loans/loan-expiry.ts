import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import { hashPassword, newPassword } from '../platform/auth/secrets.ts';
import { write } from '../platform/unit-of-work.ts';
import { endLoans, RESET_COST } from './loan-service.ts';
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

export interface ExpiryResult {
  ended: number;
  loans: number[];
}

export function createLoanExpiry(deps: LoanDeps) {
  async function expireDue(actor: Actor, options: { batchSize?: number } = {}): Promise<ExpiryResult> {
    authorise(actor, 'loans:configure');
    const size = options.batchSize ?? EXPIRY_BATCH;
    const loans: number[] = [];
    const skipped = new Set<number>();
    for (;;) {
      const now = deps.clock.now();
      // Candidates first, without locks, so the slow hashing happens outside the transaction.
      let q = deps.db
        .selectFrom('temp_loans as l')
        .innerJoin('temp_accounts as a', 'a.id', 'l.account_id')
        .select(['l.id', 'l.account_id', 'a.username'])
        .where('l.ended_at', 'is', null)
        .where('l.ends_at', '<=', now);
      if (skipped.size) q = q.where('l.id', 'not in', [...skipped]);
      const due = await q.orderBy('l.ends_at').orderBy('l.id').limit(size).execute();
      if (due.length === 0) break;
      const hashes = await Promise.all(due.map(() => hashPassword(newPassword(), RESET_COST)));
      const ended = await write(deps, actor, async (uow) => {
        const locked = await uow.db
          .selectFrom('temp_loans')
          .select('id')
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .where('ended_at', 'is', null)
          .where('ends_at', '<=', uow.now)
          .orderBy('id')
          .forUpdate()
          .skipLocked()
          .execute();
        const mine = new Set(locked.map((r) => Number(r.id)));
        const endings = due.map((d, i) => ({
          loanId: Number(d.id),
          accountId: Number(d.account_id),
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
      for (const d of due) if (!ended.includes(Number(d.id))) skipped.add(Number(d.id));
      if (due.length < size) break;
    }
    return { ended: loans.length, loans };
  }

  return { expireDue };
}
