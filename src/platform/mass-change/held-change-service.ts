import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { authorise, can, type Permission } from '../auth/policy.ts';
import type { HeldChangeState } from '../db/held-change-tables.ts';
import type { ServiceDeps } from '../deps.ts';
import { assertNoProblems, conflict, forbidden, notFound, stale } from '../errors.ts';
import { write } from '../unit-of-work.ts';
import { GUARD_SETTINGS_KEY, readHoldAbove } from './mass-change-guard.ts';
import { guardSettingsProblems, type MassChangePreview } from './mass-change-rules.ts';

/** Runs a held change again as released (over the threshold); answers what the route would have. */
export type HeldChangeExecutor = (
  actor: Actor,
  request: Record<string, unknown>,
  releasing: number,
) => Promise<unknown>;

export interface HeldChangeView {
  id: number;
  kind: string;
  subject: string;
  state: HeldChangeState;
  affected: number;
  holdAbove: number;
  request: Record<string, unknown>;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  result: unknown;
  version: number;
  link: string;
}

type Row = {
  id: number;
  kind: string;
  subject: string;
  state: HeldChangeState;
  affected: number;
  hold_above: number;
  request: Record<string, unknown>;
  permission: string;
  org_paths: string[];
  requested_by: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  result: unknown;
  version: number;
};

const columns = [
  'id',
  'kind',
  'subject',
  'state',
  'affected',
  'hold_above',
  'request',
  'permission',
  'org_paths',
  'requested_by',
  'created_at',
  'decided_by',
  'decided_at',
  'decision_reason',
  'result',
  'version',
] as const;

function viewOf(r: Row): HeldChangeView {
  return {
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    state: r.state,
    affected: r.affected,
    holdAbove: r.hold_above,
    request: r.request,
    requestedBy: r.requested_by,
    requestedAt: r.created_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionReason: r.decision_reason,
    result: r.result ?? null,
    version: r.version,
    link: `/held-changes/${r.id}`,
  };
}

const mayDecide = (actor: Actor, r: Pick<Row, 'permission' | 'org_paths'>) =>
  can(actor, r.permission as Permission, { orgPaths: r.org_paths });
/** Auditors read every held change; the others, those they may decide. */
const maySee = (actor: Actor, r: Pick<Row, 'permission' | 'org_paths'>) =>
  can(actor, 'changes:read') || mayDecide(actor, r);
/** The permissions of the guarded routes: holding one of them (anywhere) lets an account list what it may decide. */
const guardedPermissions: Permission[] = ['changes:read', 'orgs:write', 'status:configure', 'access:configure'];

/**
 * The changes the mass-change guard held (issue 16): listed and shown with their preview to whoever may make the change
 * itself (its permission on its units), released (run again as asked, over the threshold, in one transaction with
 * their release) or discarded; and the guard's threshold.
 */
export function createHeldChangeService(deps: ServiceDeps) {
  const { db } = deps;
  const executors = new Map<string, HeldChangeExecutor>();

  async function load(actor: Actor, id: number, decide: boolean): Promise<Row> {
    if (!guardedPermissions.some((p) => can(actor, p))) throw forbidden('you may not see held changes');
    const row = (await db.selectFrom('held_changes').select(columns).where('id', '=', id).executeTakeFirst()) as
      Row | undefined;
    // One that the caller may not see is as good as absent to them.
    if (!row || !maySee(actor, row)) throw notFound('held change', id);
    if (decide && !mayDecide(actor, row))
      throw forbidden(`deciding held change ${id} needs ${row.permission} on what it changes`);
    return row;
  }

  /** Held changes the caller may decide, newest first; `state` narrows (default: every state). */
  async function list(actor: Actor, query: { state?: HeldChangeState; limit?: number } = {}) {
    if (!guardedPermissions.some((p) => can(actor, p))) throw forbidden('you may not see held changes');
    const rows = (await db
      .selectFrom('held_changes')
      .select(columns)
      .$if(query.state !== undefined, (q) => q.where('state', '=', query.state!))
      .orderBy('id', 'desc')
      .limit(Math.min(query.limit ?? 100, 1000))
      .execute()) as Row[];
    return rows.filter((r) => maySee(actor, r)).map(viewOf);
  }

  /** One held change with its preview. */
  async function show(actor: Actor, id: number): Promise<HeldChangeView & { preview: MassChangePreview }> {
    const row = await load(actor, id, false);
    const { preview } = await db
      .selectFrom('held_changes')
      .select('preview')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { ...viewOf(row), preview: preview as MassChangePreview };
  }

  const notHeld = (r: Row) =>
    conflict(`held change ${r.id} is ${r.state} already`, { field: 'state', rule: 'held', message: `is ${r.state}` });

  /** Applies a held change: its own route's use case runs again as asked, as released; answers its result. */
  async function release(actor: Actor, id: number) {
    const row = await load(actor, id, true);
    if (row.state !== 'held') throw notHeld(row);
    const run = executors.get(row.kind);
    if (!run) throw conflict(`held change ${id} is of kind ${row.kind}, which this server cannot apply`);
    const result = await run(actor, row.request, id);
    return { ...(await show(actor, id)), result };
  }

  /** Drops a held change: nothing of it is applied. */
  async function discard(actor: Actor, id: number, reason: string | null = null) {
    const row = await load(actor, id, true);
    if (row.state !== 'held') throw notHeld(row);
    await write(deps, actor, async (uow) => {
      const done = await uow.db
        .updateTable('held_changes')
        .set({
          state: 'discarded',
          decided_by: actor.name,
          decided_at: uow.now,
          decision_reason: reason,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('state', '=', 'held')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw notHeld({ ...row, state: 'released' });
      uow.record({
        action: 'change.discard',
        op: 'discarded',
        targetType: 'held_change',
        targetId: id,
        before: { state: 'held' },
        after: { state: 'discarded', kind: row.kind, subject: row.subject },
        reason,
      });
    });
    return show(actor, id);
  }

  async function getSettings(actor: Actor) {
    authorise(actor, 'settings:read');
    return readHoldAbove(db);
  }

  /** Replaces the threshold read at `expectedVersion` (0 = never saved). */
  async function putSettings(actor: Actor, expectedVersion: number, value: unknown) {
    authorise(actor, 'settings:write');
    assertNoProblems(guardSettingsProblems(value));
    const holdAbove = (value as { holdAbove: number }).holdAbove;
    return write(deps, actor, async (uow) => {
      const current = await readHoldAbove(uow.db);
      if (current.version !== expectedVersion)
        throw stale('the mass-change settings', expectedVersion, current.version);
      const saved = JSON.stringify({ holdAbove });
      const row =
        expectedVersion === 0
          ? await uow.db
              .insertInto('settings')
              .values({ key: GUARD_SETTINGS_KEY, value: saved, updated_at: uow.now })
              .onConflict((oc) => oc.doNothing())
              .returning('version')
              .executeTakeFirst()
          : await uow.db
              .updateTable('settings')
              .set({ value: saved, updated_at: uow.now, version: sql`version + 1` })
              .where('key', '=', GUARD_SETTINGS_KEY)
              .where('version', '=', expectedVersion)
              .returning('version')
              .executeTakeFirst();
      if (!row) throw stale('the mass-change settings', expectedVersion);
      uow.record({
        action: 'settings.update',
        op: 'updated',
        targetType: 'settings',
        targetId: GUARD_SETTINGS_KEY,
        before: { holdAbove: current.holdAbove },
        after: { holdAbove },
      });
      return { holdAbove, version: row.version };
    });
  }

  /** Says how a kind of held change is applied on release (the composition root registers each guarded route). */
  function register(kind: string, run: HeldChangeExecutor): void {
    executors.set(kind, run);
  }

  return { list, show, release, discard, getSettings, putSettings, register };
}

export type HeldChangeService = ReturnType<typeof createHeldChangeService>;
