import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { hashPassword, newPassword } from '../platform/auth/secrets.ts';
import { assertNoProblems, conflict, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { departmentPoolAbilities, mayConfigureLoans, mayReadLoans, poolsAbilities, retirable } from './loan-policy.ts';
import { type LoanSettings, poolIsLow, settingsProblems, usernameProblems } from './loan-rules.ts';
import type { AccountQuery, AccountView, LoanSettings as LoanSettingsView, PoolsView } from './loan-schemas.ts';
import {
  accountQuery,
  accountView,
  assertMay,
  inScope,
  LOAN_SETTINGS_KEY,
  readLoanSettings,
  readScope,
  unitOf,
} from './loan-store.ts';
import type { LoanDeps } from './loans.ts';

/**
 * The pools of temporary accounts: a department's own accounts, and the global pool that
 * departments draw from when they have none free. System administrators add and retire
 * accounts and set the global pool's low-water mark; organisation administrators see the
 * pools of their subtree and the global pool's counts.
 */
export function createLoanPoolService(deps: LoanDeps) {
  const { db } = deps;

  async function listAccounts(actor: Actor, query: AccountQuery = {}): Promise<AccountView[]> {
    const scope = readScope(actor);
    let q = accountQuery(db).where((eb) =>
      eb.or([
        eb.and([eb('a.org_id', 'is not', null), inScope(scope, 'u') as never]),
        eb.and([
          eb('a.org_id', 'is', null),
          scope === null ? sql<boolean>`true` : eb.and([eb('l.id', 'is not', null), inScope(scope, 'lu') as never]),
        ]),
      ]),
    );
    if (query.orgId) q = q.where('a.org_id', '=', query.orgId);
    if (query.pool === 'global') q = q.where('a.org_id', 'is', null);
    if (query.pool === 'department') q = q.where('a.org_id', 'is not', null);
    if (query.state) q = q.where('a.state', '=', query.state);
    return (await q.orderBy('a.username').execute()).map((r) => accountView(r, actor));
  }

  async function getAccount(actor: Actor, id: number): Promise<AccountView> {
    assertMay(mayReadLoans(actor), actor, 'read temporary accounts');
    const row = await accountQuery(db).where('a.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('temporary account', id);
    return accountView(row, actor);
  }

  /**
   * Adds an account to a department's pool (`orgId`) or to the global pool (null); its credential is random and never
   * shown.
   */
  async function addAccount(actor: Actor, input: { username: string; orgId: number | null }): Promise<AccountView> {
    assertMay(mayConfigureLoans(actor), actor, 'add temporary accounts');
    const username = input.username.trim();
    assertNoProblems(usernameProblems(username));
    const hash = await hashPassword(newPassword(), deps.passwordCost);
    const id = await write(deps, actor, async (uow) => {
      if (input.orgId !== null) await unitOf(uow.db, input.orgId, '/orgId');
      const taken = await uow.db
        .selectFrom('temp_accounts')
        .select('id')
        .where(sql<boolean>`lower(username) = lower(${username})`)
        .executeTakeFirst();
      if (taken)
        throw conflict(`there is already a temporary account ${username}`, {
          field: '/username',
          rule: 'unique',
          message: `${username} exists`,
        });
      const row = await uow.db
        .insertInto('temp_accounts')
        .values({
          username,
          org_id: input.orgId,
          state: 'free',
          secret_hash: hash,
          secret_changed_at: uow.now,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'temp-account.create',
        op: 'created',
        targetType: 'temp_account',
        targetId: row.id,
        after: { username, orgId: input.orgId, pool: input.orgId === null ? 'global' : 'department', state: 'free' },
      });
      return row.id;
    });
    return getAccount(actor, id);
  }

  /** Retires a free account (If-Match): it is never lent again; its history stays. */
  async function retireAccount(actor: Actor, id: number, expectedVersion: number): Promise<AccountView> {
    assertMay(mayConfigureLoans(actor), actor, 'retire temporary accounts');
    await write(deps, actor, async (uow) => {
      const row = await uow.db
        .selectFrom('temp_accounts')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('temporary account', id);
      if (row.version !== expectedVersion) throw stale(`temporary account ${id}`, expectedVersion, row.version);
      if (!retirable(row.state))
        throw conflict(`${row.username} is ${row.state}; only a free account can be retired`, {
          field: '/state',
          rule: 'free',
          message: `${row.username} is ${row.state}`,
        });
      await uow.db
        .updateTable('temp_accounts')
        .set({ state: 'retired', updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'temp-account.retire',
        op: 'retired',
        targetType: 'temp_account',
        targetId: id,
        before: { state: row.state },
        after: { username: row.username, orgId: row.org_id, state: 'retired' },
      });
    });
    return getAccount(actor, id);
  }

  /** Counts per department pool in the reader's scope, and the global pool's with its low-water mark. */
  async function pools(actor: Actor): Promise<PoolsView> {
    const scope = readScope(actor);
    const { settings } = await readLoanSettings(db);
    const { rows } = await sql<{
      org_id: number | null;
      code: string | null;
      name: string | null;
      path: string | null;
      free: number;
      lent: number;
      retired: number;
      borrowed: number;
    }>`
      with own as (
        select a.org_id, count(*) filter (where a.state = 'free')::int as free, count(*) filter (where a.state = 'lent')::int as lent, count(*) filter (where a.state = 'retired')::int as retired
        from temp_accounts a group by a.org_id
      ), borrowed as (
        select l.org_id, count(*)::int as borrowed from temp_loans l where l.ended_at is null and l.from_global group by l.org_id
      ), units as (select org_id from own where org_id is not null union select org_id from borrowed)
      select x.org_id, u.code, u.name, u.path, coalesce(o.free, 0) as free, coalesce(o.lent, 0) as lent, coalesce(o.retired, 0) as retired, coalesce(b.borrowed, 0) as borrowed
      from units x join org_units u on u.id = x.org_id left join own o on o.org_id = x.org_id left join borrowed b on b.org_id = x.org_id
      where ${inScope(scope, 'u')}
      union all
      select null, null, null, null, free, lent, retired, 0 from own where org_id is null
      order by 2 nulls first`.execute(db);
    const g = rows.find((r) => r.org_id === null) ?? { free: 0, lent: 0, retired: 0 };
    return {
      global: {
        free: g.free,
        lent: g.lent,
        retired: g.retired,
        lowWater: settings.lowWater,
        low: poolIsLow(g.free, settings.lowWater),
      },
      departments: rows
        .filter((r) => r.org_id !== null)
        .map((r) => ({
          orgId: r.org_id,
          orgCode: r.code,
          orgName: r.name,
          free: r.free,
          lent: r.lent,
          retired: r.retired,
          borrowedFromGlobal: r.borrowed,
          abilities: departmentPoolAbilities(actor, r.path!),
        })),
      abilities: poolsAbilities(actor),
    };
  }

  async function getSettings(actor: Actor): Promise<LoanSettingsView> {
    assertMay(mayReadLoans(actor), actor, 'read the loan settings');
    const { settings, version } = await readLoanSettings(db);
    return { ...settings, version };
  }

  /** The low-water mark and extra alert addresses (If-Match; "0" before the first save). */
  async function putSettings(actor: Actor, expectedVersion: number, value: LoanSettings): Promise<LoanSettingsView> {
    assertMay(mayConfigureLoans(actor), actor, 'change the loan settings');
    const settings: LoanSettings = {
      lowWater: value.lowWater,
      alertAddresses: value.alertAddresses.map((a) => a.trim()),
    };
    assertNoProblems(settingsProblems(settings));
    return write(deps, actor, async (uow) => {
      const current = await readLoanSettings(uow.db);
      if (current.version !== expectedVersion) throw stale('the loan settings', expectedVersion, current.version);
      const row =
        expectedVersion === 0
          ? await uow.db
              .insertInto('settings')
              .values({ key: LOAN_SETTINGS_KEY, value: JSON.stringify(settings), updated_at: uow.now })
              .onConflict((oc) => oc.doNothing())
              .returning('version')
              .executeTakeFirst()
          : await uow.db
              .updateTable('settings')
              .set({ value: JSON.stringify(settings), updated_at: uow.now, version: sql`version + 1` })
              .where('key', '=', LOAN_SETTINGS_KEY)
              .where('version', '=', expectedVersion)
              .returning('version')
              .executeTakeFirst();
      if (!row) throw stale('the loan settings', expectedVersion);
      uow.record({
        action: 'settings.update',
        op: 'updated',
        targetType: 'settings',
        targetId: LOAN_SETTINGS_KEY,
        before: current.settings,
        after: settings,
      });
      return { ...settings, version: row.version };
    });
  }

  return { listAccounts, getAccount, addAccount, retireAccount, pools, getSettings, putSettings };
}
