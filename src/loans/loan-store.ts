import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { DB } from '../platform/db/schema.ts';
import { forbidden, invalid, notFound } from '../platform/errors.ts';
import { accountAbilities, loanAbilities, loanReadScope, mayReadLoans } from './loan-policy.ts';
import { defaultLoanSettings, type LoanSettings } from './loan-rules.ts';
import type { AccountView, LoanView, RenewalView } from './loan-schemas.ts';

/** Reads shared by the loan use cases: views of rows, the reader's scope, settings. */
export type Db = Kysely<DB> | Transaction<DB>;

export const LOAN_SETTINGS_KEY = 'loans';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Who reads a view, and when: the abilities a view carries are theirs, now. */
export interface Caller {
  actor: Actor;
  now: Date;
}

/** 403 unless the policy allowed it; `doing` says what was refused ("lend for CHEM"). */
export function assertMay(allowed: boolean, actor: Actor, doing: string): void {
  if (!allowed) throw forbidden(`${actor.name} may not ${doing}`);
}

/** Where the actor may read loans (loanReadScope); 403 for one who may read none. */
export function readScope(actor: Actor): string[] | null {
  assertMay(mayReadLoans(actor), actor, 'read loans');
  return loanReadScope(actor);
}

/** SQL: the org unit aliased `alias` lies in one of the scope's subtrees (true for everywhere). */
export function inScope(scope: string[] | null, alias: string) {
  if (scope === null) return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(`${alias}.path`)} like any(${scope.map((p) => `${p}%`)}::text[])`;
}

export async function unitOf(
  db: Db,
  id: number,
  field: string,
): Promise<{ id: number; path: string; code: string; name: string }> {
  const row = await db
    .selectFrom('org_units')
    .select(['id', 'path', 'code', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw invalid(field, 'known-unit', `there is no org unit ${id}`);
  return row;
}

export function loanQuery(db: Db) {
  return db
    .selectFrom('temp_loans as l')
    .innerJoin('temp_accounts as a', 'a.id', 'l.account_id')
    .innerJoin('org_units as u', 'u.id', 'l.org_id')
    .selectAll('l')
    .select(['a.username', 'u.code as org_code', 'u.name as org_name', 'u.path as org_path']);
}

type LoanRow = Awaited<ReturnType<ReturnType<typeof loanQuery>['executeTakeFirstOrThrow']>>;

/** Views of loan rows with their renewals (one more query for all of them) and the caller's abilities. */
export async function loanViews(db: Db, rows: LoanRow[], caller: Caller): Promise<LoanView[]> {
  const ids = rows.map((r) => r.id);
  const renewals = ids.length
    ? await db.selectFrom('temp_loan_renewals').selectAll().where('loan_id', 'in', ids).orderBy('id').execute()
    : [];
  const byLoan = new Map<number, RenewalView[]>();
  for (const r of renewals) {
    const list = byLoan.get(r.loan_id) ?? [];
    list.push({
      previousEndsAt: iso(r.previous_ends_at),
      endsAt: iso(r.ends_at),
      at: iso(r.at),
      actor: r.actor,
      comment: r.comment,
    });
    byLoan.set(r.loan_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    username: r.username,
    orgId: r.org_id,
    orgCode: r.org_code,
    orgName: r.org_name,
    fromGlobal: r.from_global,
    borrowerName: r.borrower_name,
    borrowerPersonId: r.borrower_person_id,
    comment: r.comment,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    endedAt: r.ended_at === null ? null : iso(r.ended_at),
    endReason: r.end_reason,
    lentBy: r.lent_by,
    endedBy: r.ended_by,
    open: r.ended_at === null,
    version: r.version,
    renewals: byLoan.get(r.id) ?? [],
    abilities: loanAbilities(
      caller.actor,
      {
        orgPath: r.org_path,
        endsAt: new Date(r.ends_at),
        endedAt: r.ended_at === null ? null : new Date(r.ended_at),
      },
      caller.now,
    ),
  }));
}

/** One loan with the path of its department (for the policy); 404 when there is none. */
export async function readLoan(
  db: Db,
  id: number,
  caller: Caller,
  lock = false,
): Promise<{ view: LoanView; path: string; endsAt: Date; endedAt: Date | null; accountId: number }> {
  let q = loanQuery(db).where('l.id', '=', id);
  if (lock) q = q.forUpdate(['l']);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('loan', id);
  const [view] = await loanViews(db, [row], caller);
  return {
    view,
    path: row.org_path,
    endsAt: new Date(row.ends_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    accountId: row.account_id,
  };
}

export async function readLoanSettings(db: Db): Promise<{ settings: LoanSettings; version: number }> {
  const row = await db
    .selectFrom('settings')
    .select(['value', 'version'])
    .where('key', '=', LOAN_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return { settings: defaultLoanSettings, version: 0 };
  return { settings: { ...defaultLoanSettings, ...(row.value as Partial<LoanSettings>) }, version: row.version };
}

export function accountView(
  r: {
    id: number;
    username: string;
    org_id: number | null;
    org_code: string | null;
    state: AccountView['state'];
    current_loan_id: number | null;
    secret_changed_at: Date | string;
    version: number;
  },
  actor: Actor,
): AccountView {
  return {
    id: r.id,
    username: r.username,
    orgId: r.org_id,
    orgCode: r.org_code,
    state: r.state,
    currentLoanId: r.current_loan_id,
    secretChangedAt: iso(r.secret_changed_at),
    version: r.version,
    abilities: accountAbilities(actor, r),
  };
}

/** Accounts with their pool's code and the open loan, if any. */
export function accountQuery(db: Db) {
  return db
    .selectFrom('temp_accounts as a')
    .leftJoin('org_units as u', 'u.id', 'a.org_id')
    .leftJoin('temp_loans as l', (j) => j.onRef('l.account_id', '=', 'a.id').on('l.ended_at', 'is', null))
    .leftJoin('org_units as lu', 'lu.id', 'l.org_id')
    .select([
      'a.id',
      'a.username',
      'a.org_id',
      'u.code as org_code',
      'a.state',
      'l.id as current_loan_id',
      'a.secret_changed_at',
      'a.version',
    ]);
}
