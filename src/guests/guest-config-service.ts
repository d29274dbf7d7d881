import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, type FieldProblem, notFound, stale, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import {
  defaultLifecycleInstaller,
  type Db,
  type GuestType,
  guestTypeColumns,
  guestTypeOf,
  loadLifecycle,
  loadLifecycles,
  loadType,
} from './guest-store.ts';
import { guestTypeProblems, type GuestTypeDefinition, type GuestTypeInput, withDefaults } from './guest-types.ts';
import { type Lifecycle, lifecycleProblems } from './lifecycle.ts';
import { GUEST_SETTINGS_KEY, type GuestSettings, readGuestSettings } from './sponsorship.ts';

/**
 * Guest configuration (system administrators): lifecycles, guest types and the guest
 * settings (which status types may sponsor). Every change is audited and in the change
 * log; replacing one needs the version read (If-Match).
 */
export function createGuestConfigService(deps: ServiceDeps) {
  const { db } = deps;
  const ensureDefaults = defaultLifecycleInstaller(deps);

  async function listLifecycles(actor: Actor): Promise<(Lifecycle & { version: number })[]> {
    authorise(actor, 'guests:read');
    await ensureDefaults();
    return loadLifecycles(db);
  }

  async function getLifecycle(actor: Actor, name: string): Promise<Lifecycle & { version: number }> {
    authorise(actor, 'guests:read');
    await ensureDefaults();
    return loadLifecycle(db, name);
  }

  /** States that guests of this lifecycle are in but `next` no longer has. */
  async function statesInUse(trx: Db, name: string, next: Lifecycle): Promise<FieldProblem[]> {
    const kept = next.states.map((s) => s.name);
    const { rows } = await sql<{ state: string; n: number }>`
      select g.state, count(*)::int as n from guests g join guest_types t on t.id = g.type_id
      where t.lifecycle = ${name} and not (g.state = any(${kept}::text[])) group by g.state order by g.state`.execute(
      trx,
    );
    return rows.map((r) => ({
      field: '/states',
      rule: 'in-use',
      message: `${r.n} guests are ${r.state}: keep that state`,
    }));
  }

  async function putLifecycle(
    actor: Actor,
    name: string,
    expectedVersion: number,
    value: unknown,
  ): Promise<Lifecycle & { version: number }> {
    authorise(actor, 'guests:configure');
    assertNoProblems(lifecycleProblems(value));
    const lc = value as Lifecycle;
    if (lc.name !== name)
      assertNoProblems([
        { field: '/name', rule: 'matches-url', message: `the body names ${lc.name}, the URL ${name}` },
      ]);
    await ensureDefaults();
    return write(deps, actor, async (uow) => {
      const current =
        expectedVersion === 0
          ? undefined
          : await uow.db
              .selectFrom('guest_lifecycles')
              .selectAll()
              .where('name', '=', name)
              .forUpdate()
              .executeTakeFirst();
      if (expectedVersion === 0) {
        const row = await uow.db
          .insertInto('guest_lifecycles')
          .values({ name, label: lc.label, definition: JSON.stringify(lc), created_at: uow.now, updated_at: uow.now })
          .onConflict((oc) => oc.doNothing())
          .returning('version')
          .executeTakeFirst();
        if (!row) throw conflict(`the lifecycle ${name} exists already; send If-Match with its version to replace it`);
        uow.record({
          action: 'guest.lifecycle.create',
          op: 'created',
          targetType: 'guest_lifecycle',
          targetId: name,
          after: lc,
        });
        return { ...lc, version: row.version };
      }
      if (!current) throw notFound('guest lifecycle', name);
      if (current.version !== expectedVersion) throw stale(`the lifecycle ${name}`, expectedVersion);
      const used = await statesInUse(uow.db, name, lc);
      if (used.length)
        throw new StewardError('conflict', `guests are in states this lifecycle would lose`, { problems: used });
      const row = await uow.db
        .updateTable('guest_lifecycles')
        .set({ label: lc.label, definition: JSON.stringify(lc), updated_at: uow.now, version: sql`version + 1` })
        .where('name', '=', name)
        .returning('version')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'guest.lifecycle.update',
        op: 'updated',
        targetType: 'guest_lifecycle',
        targetId: name,
        before: current.definition,
        after: lc,
      });
      return { ...lc, version: row.version };
    });
  }

  async function listTypes(actor: Actor): Promise<GuestType[]> {
    authorise(actor, 'guests:read');
    const rows = await db.selectFrom('guest_types').selectAll().orderBy('display_rank').orderBy('name').execute();
    return rows.map(guestTypeOf);
  }

  async function getType(actor: Actor, id: number): Promise<GuestType> {
    authorise(actor, 'guests:read');
    return loadType(db, id);
  }

  /** The definition with defaults, trimmed, checked, and checked against the lifecycles, org units and other types. */
  async function definitionOf(trx: Db, input: GuestTypeInput, except: number | null): Promise<GuestTypeDefinition> {
    const def = withDefaults(input);
    assertNoProblems(guestTypeProblems(def));
    const trimmed = {
      ...def,
      name: def.name.trim(),
      label: def.label.trim(),
      reasons: def.reasons.map((r) => r.trim()),
    };
    const problems: FieldProblem[] = [];
    if (
      !(await trx
        .selectFrom('guest_lifecycles')
        .select('name')
        .where('name', '=', trimmed.lifecycle)
        .executeTakeFirst())
    ) {
      problems.push({
        field: '/lifecycle',
        rule: 'known-lifecycle',
        message: `there is no lifecycle ${trimmed.lifecycle}`,
      });
    }
    if (
      trimmed.orgSubtree !== null &&
      !(await trx.selectFrom('org_units').select('id').where('code', '=', trimmed.orgSubtree).executeTakeFirst())
    ) {
      problems.push({
        field: '/orgSubtree',
        rule: 'known-unit',
        message: `there is no org unit with the code ${trimmed.orgSubtree}`,
      });
    }
    const taken = await trx
      .selectFrom('guest_types')
      .select(['id', 'name'])
      .where(sql<boolean>`lower(name) = lower(${trimmed.name})`)
      .executeTakeFirst();
    if (taken && taken.id !== except)
      problems.push({
        field: '/name',
        rule: 'unique',
        message: `"${taken.name}" already exists (names are compared ignoring case)`,
      });
    if (problems.some((p) => p.rule === 'unique'))
      throw new StewardError('conflict', `a guest type is already called ${trimmed.name}`, { problems });
    assertNoProblems(problems);
    return trimmed;
  }

  async function createType(actor: Actor, input: GuestTypeInput): Promise<GuestType> {
    authorise(actor, 'guests:configure');
    await ensureDefaults();
    return write(deps, actor, async (uow) => {
      const def = await definitionOf(uow.db, input, null);
      const row = await uow.db
        .insertInto('guest_types')
        .values({ ...guestTypeColumns(def), created_at: uow.now, updated_at: uow.now })
        .returningAll()
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'guest.type.create',
        op: 'created',
        targetType: 'guest_type',
        targetId: row.id,
        after: { id: row.id, ...def },
      });
      return guestTypeOf(row);
    });
  }

  /** Adds each type whose name is not taken yet (ignoring case), in one transaction; for seeding. */
  async function createMissingTypes(
    actor: Actor,
    inputs: readonly GuestTypeInput[],
  ): Promise<{ created: number; skipped: number }> {
    authorise(actor, 'guests:configure');
    await ensureDefaults();
    return write(deps, actor, async (uow) => {
      let created = 0;
      for (const input of inputs) {
        if (
          await uow.db
            .selectFrom('guest_types')
            .select('id')
            .where(sql<boolean>`lower(name) = lower(${input.name.trim()})`)
            .executeTakeFirst()
        )
          continue;
        const def = await definitionOf(uow.db, input, null);
        const row = await uow.db
          .insertInto('guest_types')
          .values({ ...guestTypeColumns(def), created_at: uow.now, updated_at: uow.now })
          .returning('id')
          .executeTakeFirstOrThrow();
        uow.record({
          action: 'guest.type.create',
          op: 'created',
          targetType: 'guest_type',
          targetId: row.id,
          after: { id: row.id, ...def },
        });
        created += 1;
      }
      return { created, skipped: inputs.length - created };
    });
  }

  async function updateType(
    actor: Actor,
    id: number,
    expectedVersion: number,
    input: GuestTypeInput,
  ): Promise<GuestType> {
    authorise(actor, 'guests:configure');
    return write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('guest_types')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('guest type', id);
      if (current.version !== expectedVersion) throw stale(`guest type ${id}`, expectedVersion);
      const def = await definitionOf(uow.db, input, id);
      const row = await uow.db
        .updateTable('guest_types')
        .set({ ...guestTypeColumns(def), updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const { id: _id, version: _v, ...before } = guestTypeOf(current);
      uow.record({
        action: 'guest.type.update',
        op: 'updated',
        targetType: 'guest_type',
        targetId: id,
        before,
        after: def,
      });
      return guestTypeOf(row);
    });
  }

  /** Deletes a type no guest has; otherwise 409 with the count. */
  async function deleteType(actor: Actor, id: number): Promise<void> {
    authorise(actor, 'guests:configure');
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('guest_types')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('guest type', id);
      const { n } = await uow.db
        .selectFrom('guests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('type_id', '=', id)
        .executeTakeFirstOrThrow();
      if (n > 0) {
        throw new StewardError('conflict', `guest type "${current.name}" has ${n} guests and cannot be deleted`, {
          problems: [{ field: '/id', rule: 'in-use', message: `${n} guests have this type` }],
          extra: { guests: n },
        });
      }
      await uow.db.deleteFrom('guest_types').where('id', '=', id).execute();
      uow.record({
        action: 'guest.type.delete',
        op: 'deleted',
        targetType: 'guest_type',
        targetId: id,
        before: guestTypeOf(current),
      });
    });
  }

  async function getSettings(actor: Actor): Promise<GuestSettings & { version: number }> {
    authorise(actor, 'guests:read');
    const { settings, version } = await readGuestSettings(db);
    return { ...settings, version };
  }

  /** Which status types may sponsor (If-Match; 0 before the first save); names must be status types. */
  async function putSettings(
    actor: Actor,
    expectedVersion: number,
    value: GuestSettings,
  ): Promise<GuestSettings & { version: number }> {
    authorise(actor, 'guests:configure');
    return write(deps, actor, async (uow) => {
      const known = new Set(
        (await uow.db.selectFrom('status_types').select('name').execute()).map((r) => r.name.toLowerCase()),
      );
      assertNoProblems(
        value.sponsorStatusTypes.flatMap((n, i) =>
          known.has(n.toLowerCase())
            ? []
            : [
                {
                  field: `/sponsorStatusTypes/${i}`,
                  rule: 'known-status-type',
                  message: `there is no status type ${n}`,
                },
              ],
        ),
      );
      const settings: GuestSettings = { sponsorStatusTypes: value.sponsorStatusTypes };
      const current = await readGuestSettings(uow.db);
      if (current.version !== expectedVersion) throw stale('the guest settings', expectedVersion);
      const row =
        expectedVersion === 0
          ? await uow.db
              .insertInto('settings')
              .values({ key: GUEST_SETTINGS_KEY, value: JSON.stringify(settings), updated_at: uow.now })
              .onConflict((oc) => oc.doNothing())
              .returning('version')
              .executeTakeFirst()
          : await uow.db
              .updateTable('settings')
              .set({ value: JSON.stringify(settings), updated_at: uow.now, version: sql`version + 1` })
              .where('key', '=', GUEST_SETTINGS_KEY)
              .where('version', '=', expectedVersion)
              .returning('version')
              .executeTakeFirst();
      if (!row) throw stale('the guest settings', expectedVersion);
      uow.record({
        action: 'settings.update',
        op: 'updated',
        targetType: 'settings',
        targetId: GUEST_SETTINGS_KEY,
        before: current.settings,
        after: settings,
      });
      return { ...settings, version: row.version };
    });
  }

  return {
    ensureDefaults,
    listLifecycles,
    getLifecycle,
    putLifecycle,
    listTypes,
    getType,
    createType,
    createMissingTypes,
    updateType,
    deleteType,
    getSettings,
    putSettings,
  };
}

export type GuestConfigService = ReturnType<typeof createGuestConfigService>;
