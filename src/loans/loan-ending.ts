import { randomBytes } from 'node:crypto';
import { type Expression, sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * The end of loans, returned early or expired, set-based: one statement closes the loans, resets their accounts'
 * credentials and frees the accounts in their own pools; then an audit row and two change-log entries per loan go
 * into the unit of work (its flush writes each kind with one statement).
 *
 * The credential an ended loan leaves is not a hash of anything: it is 32 random bytes behind a `!` marker (as a
 * locked password in /etc/shadow). It is not an Argon2id PHC string, so `verifyPassword` refuses every password
 * against it without hashing, and nobody ever saw the bytes; a fresh value per reset still shows that the
 * credential changed. No hashing means an expiry of thousands of loans costs a few statements.
 */
export const UNUSABLE_MARK = '!reset$';

/** A credential no password opens: the marker and 32 random bytes. */
export function unusableSecret(): string {
  return `${UNUSABLE_MARK}${randomBytes(32).toString('base64url')}`;
}

/** `n` distinct unusable credentials (one random draw). */
export function unusableSecrets(n: number): string[] {
  const bytes = randomBytes(32 * n);
  return Array.from(
    { length: n },
    (_, i) => `${UNUSABLE_MARK}${bytes.subarray(32 * i, 32 * (i + 1)).toString('base64url')}`,
  );
}

export interface EndedLoan {
  loanId: number;
  accountId: number;
  username: string;
}

/**
 * Ends the open loans that `chosen` selects (columns `id` and `username` of at most `limit` loans; the caller
 * locks them as it must) in `uow`: closes each loan, gives its account a fresh unusable credential and frees it
 * if it is lent, and records the audit row and change-log entries. A loan already ended is left alone, so no loan
 * ends twice. Returns the loans ended, first due first.
 */
export async function endChosenLoans(
  uow: UnitOfWork,
  chosen: Expression<unknown>,
  limit: number,
  reason: 'returned' | 'expired',
  comment: string | null = null,
): Promise<EndedLoan[]> {
  if (limit <= 0) return [];
  const { rows } = await sql<{ loan_id: number; account_id: number; username: string }>`
    with chosen as (${chosen}),
    ended as (
      update temp_loans l set ended_at = ${uow.now}::timestamptz, end_reason = ${reason}, ended_by = ${uow.actor.name}, version = l.version + 1
      from chosen c where l.id = c.id and l.ended_at is null
      returning l.id, l.account_id, l.ends_at
    ),
    keyed as (
      select e.account_id, s.secret
      from (select account_id, row_number() over (order by account_id) as n from ended) e
      join unnest(${unusableSecrets(limit)}::text[]) with ordinality as s(secret, n) on s.n = e.n
    ),
    freed as (
      update temp_accounts a set state = 'free', secret_hash = k.secret, secret_changed_at = ${uow.now}::timestamptz,
        updated_at = ${uow.now}::timestamptz, version = a.version + 1
      from keyed k where a.id = k.account_id and a.state = 'lent'
    )
    select e.id as loan_id, e.account_id, c.username from ended e join chosen c on c.id = e.id order by e.ends_at, e.id`.execute(
    uow.db,
  );
  const ended = rows.map((r) => ({ loanId: r.loan_id, accountId: r.account_id, username: r.username }));
  for (const e of ended) {
    uow.record({
      action: reason === 'returned' ? 'loan.return' : 'loan.expire',
      op: reason,
      targetType: 'temp_loan',
      targetId: e.loanId,
      after: { accountId: e.accountId, username: e.username, endedAt: uow.now.toISOString(), credentialReset: true },
      reason: comment,
    });
    uow.change({
      entityType: 'temp_account',
      entityId: e.accountId,
      op: 'credential-reset',
      data: { username: e.username, state: 'free', loanId: e.loanId },
    });
  }
  return ended;
}

/** Ends the given open loans in `uow` (a return); returns the ids of those it ended. */
export async function endLoans(
  uow: UnitOfWork,
  loanIds: number[],
  reason: 'returned' | 'expired',
  comment: string | null = null,
): Promise<number[]> {
  const chosen = uow.db
    .selectFrom('temp_loans as l')
    .innerJoin('temp_accounts as a', 'a.id', 'l.account_id')
    .select(['l.id', 'a.username'])
    .where('l.id', 'in', loanIds); // never run when empty: endChosenLoans returns first
  return (await endChosenLoans(uow, chosen, loanIds.length, reason, comment)).map((e) => e.loanId);
}
