import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { DB } from '../platform/db/schema.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { defaultLoanSettings, type LoanSettings } from './loan-rules.ts';

/** Reads shared by the loan use cases: views of rows, the reader's scope, settings. */
export type Db = Kysely<DB> | Transaction<DB>;

export const LOAN_SETTINGS_KEY = 'loans';

export interface RenewalView {
  previousEndsAt: string;
  endsAt: string;
  at: string;
  actor: string;
  comment: string | null;
}

export interface LoanView {
  id: number;
  accountId: number;
  username: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  fromGlobal: boolean;
  borrowerName: string | null;
  borrowerPersonId: number | null;
  comment: string;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  endReason: 'returned' | 'expired' | null;
  lentBy: string;
  endedBy: string | null;
  open: boolean;
  version: number;
  renewals: RenewalView[];
}

export interface AccountView {
  id: number;
  username: string;
  orgId: number | null;
  orgCode: string | null;
  state: 'free' | 'lent' | 'retired';
  currentLoanId: number | null;
  secretChangedAt: string;
  version: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Where the actor may read loans: null for everywhere (system administrators, auditors),
 * else the subtree paths of their organisation-administrator roles. 403 for anyone else.
 */
export function readScope(actor: Actor): string[] | null {
  authorise(actor, 'loans:read');
  if (actor.roles.some((g) => g.role === 'sysadmin' || g.role === 'auditor')) return null;
  return actor.roles.filter((g) => g.role === 'orgadmin' && g.orgPath).map((g) => g.orgPath!);
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
  return { ...row, id: Number(row.id) };
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

/** Views of loan rows with their renewals (one more query for all of them). */
export async function loanViews(db: Db, rows: LoanRow[]): Promise<LoanView[]> {
  const ids = rows.map((r) => Number(r.id));
  const renewals = ids.length
    ? await db.selectFrom('temp_loan_renewals').selectAll().where('loan_id', 'in', ids).orderBy('id').execute()
    : [];
  const byLoan = new Map<number, RenewalView[]>();
  for (const r of renewals) {
    const list = byLoan.get(Number(r.loan_id)) ?? [];
    list.push({
      previousEndsAt: iso(r.previous_ends_at),
      endsAt: iso(r.ends_at),
      at: iso(r.at),
      actor: r.actor,
      comment: r.comment,
    });
    byLoan.set(Number(r.loan_id), list);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: Number(r.account_id),
    username: r.username,
    orgId: Number(r.org_id),
    orgCode: r.org_code,
    orgName: r.org_name,
    fromGlobal: r.from_global,
    borrowerName: r.borrower_name,
    borrowerPersonId: r.borrower_person_id === null ? null : Number(r.borrower_person_id),
    comment: r.comment,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    endedAt: r.ended_at === null ? null : iso(r.ended_at),
    endReason: r.end_reason,
    lentBy: r.lent_by,
    endedBy: r.ended_by,
    open: r.ended_at === null,
    version: r.version,
    renewals: byLoan.get(Number(r.id)) ?? [],
  }));
}

/** One loan with the path of its department (for the scope check); 404 when there is none. */
export async function readLoan(
  db: Db,
  id: number,
  lock = false,
): Promise<{ view: LoanView; path: string; endsAt: Date; endedAt: Date | null; accountId: number }> {
  let q = loanQuery(db).where('l.id', '=', id);
  if (lock) q = q.forUpdate(['l']);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('loan', id);
  const [view] = await loanViews(db, [row]);
  return {
    view,
    path: row.org_path,
    endsAt: new Date(row.ends_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    accountId: Number(row.account_id),
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

export function accountView(r: {
  id: number;
  username: string;
  org_id: number | null;
  org_code: string | null;
  state: AccountView['state'];
  current_loan_id: number | null;
  secret_changed_at: Date | string;
  version: number;
}): AccountView {
  return {
    id: Number(r.id),
    username: r.username,
    orgId: r.org_id === null ? null : Number(r.org_id),
    orgCode: r.org_code,
    state: r.state,
    currentLoanId: r.current_loan_id === null ? null : Number(r.current_loan_id),
    secretChangedAt: iso(r.secret_changed_at),
    version: r.version,
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
