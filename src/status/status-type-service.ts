import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, type FieldProblem, notFound, stale, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { type GuardOutcome, guardedWrite } from '../platform/mass-change/mass-change-guard.ts';
import {
  loadStatusTypes,
  readStatusSettings,
  refreshPeople,
  STATUS_SETTINGS_KEY,
  type StatusSettings,
  statusTypeOf,
  type StatusTypeRecord,
} from './status-store.ts';
import {
  type DirectoryFlag,
  type StatusMatch,
  type StatusTypeDefinition,
  statusTypeProblems,
  statusTypeSetProblems,
} from './status-types.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Status types are configuration (system administrators): a name, rank, category, card and
 * directory flags and the match that says which affiliations give the status. Changing a
 * type's match, rank or category recomputes everyone in the same transaction, under the
 * mass-change guard; a new type is given on the next refresh of each person or the next full
 * recompute (`POST /statuses/recompute`), which is what a change of the look-ahead window
 * needs too. A type is never deleted while anyone holds it or held it: its history would
 * lose its name.
 */
export interface StatusTypeView extends StatusTypeRecord {
  /** How many people hold it today. */
  holders: number;
}

/** What an administrator sends: the card label, directory flag and description may be left out. */
export interface StatusTypeInput {
  name: string;
  rank: number;
  category: string;
  cardLabel?: string | null;
  directory?: DirectoryFlag;
  description?: string;
  match: StatusMatch;
}

export const MAX_LOOK_AHEAD_DAYS = 366;

/**
 * The definition to store, or a validation error naming each field and rule: the defaults
 * filled in (no card, not in the directory, no description), checked, then trimmed.
 */
export function definitionOf(input: StatusTypeInput): StatusTypeDefinition {
  const filled = {
    ...input,
    cardLabel: input.cardLabel ?? null,
    directory: input.directory ?? 'N',
    description: input.description ?? '',
  };
  assertNoProblems(statusTypeProblems(filled));
  return {
    ...filled,
    name: filled.name.trim(),
    category: filled.category.trim(),
    cardLabel: filled.cardLabel?.trim() ?? null,
    description: filled.description.trim(),
  };
}

/** Problems with the look-ahead setting (empty when valid). */
export function statusSettingsProblems(value: unknown): FieldProblem[] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(v))
    if (key !== 'lookAheadDays')
      problems.push({ field: `/${key}`, rule: 'unknown-field', message: 'is not a known setting' });
  const days = v.lookAheadDays;
  if (days === undefined) problems.push({ field: '/lookAheadDays', rule: 'required', message: 'is required' });
  else if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > MAX_LOOK_AHEAD_DAYS) {
    problems.push({
      field: '/lookAheadDays',
      rule: 'range',
      message: `must be a whole number of days from 0 to ${MAX_LOOK_AHEAD_DAYS}`,
    });
  }
  return problems;
}

export function createStatusTypeService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());

  async function holderCounts(): Promise<Map<number, number>> {
    const on = today();
    const { rows } = await sql<{ status_type_id: number; n: number }>`
      select status_type_id, count(*)::int as n from person_statuses
      where (start_date is null or start_date <= ${on}) and (end_date is null or end_date >= ${on})
      group by status_type_id`.execute(db);
    return new Map(rows.map((r) => [r.status_type_id, r.n]));
  }

  /** Every status type, highest rank first, with how many hold it today. */
  async function listTypes(actor: Actor): Promise<StatusTypeView[]> {
    authorise(actor, 'status:read');
    const [types, counts] = [await loadStatusTypes(db), await holderCounts()];
    return types.map((t) => ({ ...t, holders: counts.get(t.id) ?? 0 }));
  }

  async function getType(actor: Actor, id: number): Promise<StatusTypeView> {
    authorise(actor, 'status:read');
    const row = await db.selectFrom('status_types').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('status type', id);
    const on = today();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from person_statuses
      where status_type_id = ${id} and (start_date is null or start_date <= ${on}) and (end_date is null or end_date >= ${on})`.execute(
      db,
    );
    return { ...statusTypeOf(row as never), holders: rows[0]?.n ?? 0 };
  }

  async function assertNameFree(trx: typeof db, name: string, except: number | null): Promise<void> {
    const taken = await trx
      .selectFrom('status_types')
      .select(['id', 'name'])
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirst();
    if (taken && taken.id !== except) {
      throw conflict(`status type "${taken.name}" (${taken.id}) already has this name`, {
        field: '/name',
        rule: 'unique',
        message: `"${taken.name}" already exists (names are compared ignoring case)`,
      });
    }
  }

  /** Adds a status type; nobody holds it until people are refreshed or everyone is recomputed. */
  async function createType(actor: Actor, input: StatusTypeInput): Promise<StatusTypeView> {
    authorise(actor, 'status:configure');
    const def = definitionOf(input);
    const id = await write(deps, actor, async (uow) => {
      await assertNameFree(uow.db, def.name, null);
      const row = await uow.db
        .insertInto('status_types')
        .values({
          name: def.name,
          rank: def.rank,
          category: def.category,
          card_label: def.cardLabel,
          directory: def.directory,
          description: def.description,
          match: JSON.stringify(def.match),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'status.type.create',
        op: 'created',
        targetType: 'status_type',
        targetId: row.id,
        after: { id: row.id, ...def },
      });
      return row.id;
    });
    return getType(actor, id);
  }

  /**
   * Adds a whole set of status types in one transaction (each audited), e.g. a published
   * list such as Appendix A. With `skipExisting`, names that exist already (ignoring case)
   * are left as they are, so loading a set twice adds nothing; without it they are refused.
   */
  async function createTypes(
    actor: Actor,
    inputs: readonly StatusTypeInput[],
    options: { skipExisting?: boolean } = {},
  ): Promise<{ created: number; skipped: number }> {
    authorise(actor, 'status:configure');
    assertNoProblems(
      statusTypeSetProblems(
        inputs.map((i) => ({
          ...i,
          cardLabel: i.cardLabel ?? null,
          directory: i.directory ?? 'N',
          description: i.description ?? '',
        })),
      ),
    );
    const defs = inputs.map(definitionOf);
    return write(deps, actor, async (uow) => {
      const taken = new Set(
        (await uow.db.selectFrom('status_types').select('name').execute()).map((r) => r.name.toLowerCase()),
      );
      const fresh = defs.filter((d) => !taken.has(d.name.toLowerCase()));
      if (fresh.length < defs.length && !options.skipExisting) {
        const i = defs.findIndex((d) => taken.has(d.name.toLowerCase()));
        throw conflict(`status type "${defs[i].name}" already exists`, {
          field: `/${i}/name`,
          rule: 'unique',
          message: 'already exists (names are compared ignoring case)',
        });
      }
      if (fresh.length === 0) return { created: 0, skipped: defs.length };
      const records = fresh.map((d, n) => ({
        n,
        name: d.name,
        rank: d.rank,
        category: d.category,
        card_label: d.cardLabel,
        directory: d.directory,
        description: d.description,
        match: d.match,
      }));
      const { rows } = await sql<{ id: number; name: string }>`
        insert into status_types (name, rank, category, card_label, directory, description, match, created_at, updated_at)
        select r.name, r.rank, r.category, r.card_label, r.directory, r.description, r.match, ${uow.now}::timestamptz, ${uow.now}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(n int, name text, rank int, category text, card_label text, directory text, description text, match jsonb)
        order by r.n
        returning id, name`.execute(uow.db);
      const idOf = new Map(rows.map((r) => [r.name, r.id]));
      for (const d of fresh)
        uow.record({
          action: 'status.type.create',
          op: 'created',
          targetType: 'status_type',
          targetId: idOf.get(d.name)!,
          after: { id: idOf.get(d.name), ...d },
        });
      return { created: fresh.length, skipped: defs.length - fresh.length };
    });
  }

  /**
   * Replaces a status type read at `expectedVersion` (If-Match). A change of its match, rank or category changes who
   * holds it and what ranks first: everyone's statuses are recomputed in the same transaction, guarded (more people
   * affected than the threshold: held with the preview; `dryRun`: only the preview).
   */
  async function updateType(
    actor: Actor,
    id: number,
    expectedVersion: number,
    input: StatusTypeInput,
    options: { dryRun?: boolean; releasing?: number } = {},
  ): Promise<GuardOutcome<void>> {
    authorise(actor, 'status:configure');
    const def = definitionOf(input);
    const change = {
      kind: 'status.type.update',
      subject: `status type ${id} (${def.name})`,
      request: { id, version: expectedVersion, body: input },
      permission: 'status:configure' as const,
      orgPaths: [],
      ...options,
    };
    return guardedWrite(deps, actor, change, async (uow) => {
      const current = await uow.db
        .selectFrom('status_types')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('status type', id);
      if (current.version !== expectedVersion) throw stale(`status type ${id}`, expectedVersion, current.version);
      await assertNameFree(uow.db, def.name, id);
      await uow.db
        .updateTable('status_types')
        .set({
          name: def.name,
          rank: def.rank,
          category: def.category,
          card_label: def.cardLabel,
          directory: def.directory,
          description: def.description,
          match: JSON.stringify(def.match),
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...before } = statusTypeOf(current as never);
      uow.record({
        action: 'status.type.update',
        op: 'updated',
        targetType: 'status_type',
        targetId: id,
        before,
        after: def,
      });
      const ranks = before.rank !== def.rank || before.category !== def.category;
      if (ranks || JSON.stringify(before.match) !== JSON.stringify(def.match))
        await refreshEveryone(uow, `status type ${def.name} changed`);
    });
  }

  /** Everyone's statuses brought up to date in this transaction, a thousand people at a time. */
  async function refreshEveryone(uow: UnitOfWork, reason: string): Promise<void> {
    let after = 0;
    for (;;) {
      const ids = (
        await uow.db.selectFrom('people').select('id').where('id', '>', after).orderBy('id').limit(1000).execute()
      ).map((r) => r.id);
      if (ids.length === 0) return;
      await refreshPeople(uow, ids, { reason, lock: 'on-change' });
      after = ids[ids.length - 1];
    }
  }

  /** Deletes a status type that nobody holds or ever held; otherwise 409 with the counts. */
  async function deleteType(actor: Actor, id: number): Promise<void> {
    authorise(actor, 'status:configure');
    const on = today();
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('status_types')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('status type', id);
      const { rows } = await sql<{ now: number; ever: number }>`
        select count(distinct person_id) filter (where (start_date is null or start_date <= ${on}) and (end_date is null or end_date >= ${on}))::int as now,
               count(distinct person_id)::int as ever
        from person_statuses where status_type_id = ${id}`.execute(uow.db);
      const held = { now: rows[0]?.now ?? 0, ever: rows[0]?.ever ?? 0 };
      if (held.ever > 0) {
        const who =
          held.now > 0
            ? `${held.now} ${held.now === 1 ? 'person holds' : 'people hold'} it today`
            : 'nobody holds it today';
        throw new StewardError(
          'conflict',
          `status type "${current.name}" cannot be deleted: ${who} and ${held.ever} ${held.ever === 1 ? 'person has' : 'people have'} it in their status history; change its match so nobody gets it any more instead`,
          {
            problems: [
              {
                field: '/id',
                rule: 'in-use',
                message: `held by ${held.now} people today, in the history of ${held.ever}`,
              },
            ],
            extra: { holders: held.now, inHistory: held.ever },
          },
        );
      }
      await uow.db.deleteFrom('status_types').where('id', '=', id).execute();
      uow.record({
        action: 'status.type.delete',
        op: 'deleted',
        targetType: 'status_type',
        targetId: id,
        before: statusTypeOf(current as never),
      });
    });
  }

  async function getSettings(actor: Actor): Promise<StatusSettings & { version: number }> {
    authorise(actor, 'status:read');
    const { settings, version } = await readStatusSettings(db);
    return { ...settings, version };
  }

  /** Replaces the look-ahead setting read at `expectedVersion` (0 = never saved). */
  async function putSettings(
    actor: Actor,
    expectedVersion: number,
    value: unknown,
  ): Promise<StatusSettings & { version: number }> {
    authorise(actor, 'status:configure');
    assertNoProblems(statusSettingsProblems(value));
    const settings: StatusSettings = { lookAheadDays: (value as StatusSettings).lookAheadDays };
    return write(deps, actor, async (uow) => {
      const current = await readStatusSettings(uow.db);
      if (current.version !== expectedVersion) throw stale('the status settings', expectedVersion, current.version);
      const row =
        expectedVersion === 0
          ? await uow.db
              .insertInto('settings')
              .values({ key: STATUS_SETTINGS_KEY, value: JSON.stringify(settings), updated_at: uow.now })
              .onConflict((oc) => oc.doNothing())
              .returning('version')
              .executeTakeFirst()
          : await uow.db
              .updateTable('settings')
              .set({ value: JSON.stringify(settings), updated_at: uow.now, version: sql`version + 1` })
              .where('key', '=', STATUS_SETTINGS_KEY)
              .where('version', '=', expectedVersion)
              .returning('version')
              .executeTakeFirst();
      if (!row) throw stale('the status settings', expectedVersion);
      uow.record({
        action: 'settings.update',
        op: 'updated',
        targetType: 'settings',
        targetId: STATUS_SETTINGS_KEY,
        before: current.settings,
        after: settings,
      });
      return { ...settings, version: row.version };
    });
  }

  return {
    listTypes,
    getType,
    createType,
    createTypes,
    updateType,
    deleteType,
    getSettings,
    putSettings,
    refreshEveryone,
  };
}
