import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { Permission } from '../auth/policy.ts';
import type { DB } from '../db/schema.ts';
import { conflict } from '../errors.ts';
import { type UnitOfWork, write, type WriteDeps } from '../unit-of-work.ts';
import {
  DEFAULT_HOLD_ABOVE,
  guardDecision,
  type GuardDecision,
  type MassChangePreview,
  type NotedEffect,
  peopleOf,
  previewOf,
} from './mass-change-rules.ts';

/** The settings row of the guard: `{ holdAbove }`, people. */
export const GUARD_SETTINGS_KEY = 'mass-change-guard';

/** What a guarded route is asked to do, and what releasing it later needs. */
export interface GuardedChange {
  /** `org.end`, `org.move`, `status.type.update`, `status.recompute`. */
  kind: string;
  subject: string;
  /** What the release runs again: the route's parameters, the version read. */
  request: Record<string, unknown>;
  /** Who may see and decide it if held (the permission the change itself needs, on these units). */
  permission: Permission;
  orgPaths: string[];
  dryRun?: boolean;
  /** Set by a release: the held change it applies (over the threshold, marked released in the same transaction). */
  releasing?: number;
}

export interface HeldAnswer {
  id: number;
  link: string;
}

export type GuardOutcome<T> =
  | { outcome: 'applied'; result: T; guard: GuardDecision; preview: MassChangePreview }
  | { outcome: 'dry-run'; guard: GuardDecision; preview: MassChangePreview }
  | { outcome: 'held'; guard: GuardDecision; preview: MassChangePreview; held: HeldAnswer };

/** The people threshold now (the default until an administrator saved one). */
export async function readHoldAbove(db: Kysely<DB>): Promise<{ holdAbove: number; version: number }> {
  const row = await db
    .selectFrom('settings')
    .select(['value', 'version'])
    .where('key', '=', GUARD_SETTINGS_KEY)
    .executeTakeFirst();
  const saved = (row?.value as { holdAbove?: number } | undefined)?.holdAbove;
  return { holdAbove: typeof saved === 'number' ? saved : DEFAULT_HOLD_ABOVE, version: row?.version ?? 0 };
}

/** The preview of what this transaction did so far: its audit entries and the effects it noted, with names. */
async function previewIn(uow: UnitOfWork, noted: NotedEffect[]): Promise<MassChangePreview> {
  const ids = peopleOf(uow.audited, noted);
  const names = new Map<number, string>();
  if (ids.length) {
    const { rows } = await sql<{ id: number; name: string }>`
      select id, coalesce(preferred_name, given_name) || ' ' || family_name as name
      from people where id = any(${ids.slice(0, 1000)}::bigint[])`.execute(uow.db);
    for (const r of rows) names.set(r.id, r.name);
  }
  return previewOf(uow.audited, noted, names);
}

/** Thrown inside the transaction to roll a dry run or a held change back; carries what the caller answers. */
class RolledBack extends Error {
  readonly guard: GuardDecision;
  readonly preview: MassChangePreview;
  constructor(guard: GuardDecision, preview: MassChangePreview) {
    super('rolled back by the mass-change guard');
    this.guard = guard;
    this.preview = preview;
  }
}

/** Marks a held change released, in the transaction that applies it; a second release finds it decided. */
async function markReleased(uow: UnitOfWork, id: number, preview: MassChangePreview, result: unknown): Promise<void> {
  const row = await uow.db
    .updateTable('held_changes')
    .set({
      state: 'released',
      decided_by: uow.actor.name,
      decided_at: uow.now,
      result: JSON.stringify(result ?? null),
      version: sql`version + 1`,
    })
    .where('id', '=', id)
    .where('state', '=', 'held')
    .returning(['kind', 'subject'])
    .executeTakeFirst();
  if (!row)
    throw conflict(`held change ${id} is no longer held`, { field: 'state', rule: 'held', message: 'was decided' });
  uow.record({
    action: 'change.release',
    op: 'released',
    targetType: 'held_change',
    targetId: id,
    before: { state: 'held' },
    after: { state: 'released', kind: row.kind, subject: row.subject, counts: preview.counts },
  });
}

/** Keeps a change the guard held, with its preview; audited and in the change log. */
async function hold(
  deps: WriteDeps,
  actor: Actor,
  change: GuardedChange,
  guard: GuardDecision,
  preview: MassChangePreview,
  holdAbove: number,
): Promise<HeldAnswer> {
  return write(deps, actor, async (uow) => {
    const row = await uow.db
      .insertInto('held_changes')
      .values({
        kind: change.kind,
        subject: change.subject,
        request: JSON.stringify(change.request),
        permission: change.permission,
        org_paths: JSON.stringify(change.orgPaths),
        affected: preview.counts.people,
        hold_above: holdAbove,
        preview: JSON.stringify(preview),
        requested_by: actor.name,
        requested_by_id: actor.id,
        created_at: uow.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    uow.record({
      action: 'change.hold',
      op: 'held',
      targetType: 'held_change',
      targetId: row.id,
      after: { kind: change.kind, subject: change.subject, counts: preview.counts, message: guard.message },
    });
    return { id: row.id, link: `/held-changes/${row.id}` };
  });
}

/**
 * Runs a change that may touch many people in one transaction, previews its effect from what it wrote, and then
 * commits it (at most the threshold's people affected, or released by an administrator), rolls it back and holds it
 * with the preview (over the threshold), or rolls it back and answers the preview (a dry run). `fn` notes effects no
 * audit entry carries in `noted`.
 */
export async function guardedWrite<T>(
  deps: WriteDeps,
  actor: Actor,
  change: GuardedChange,
  fn: (uow: UnitOfWork, noted: NotedEffect[]) => Promise<T>,
): Promise<GuardOutcome<T>> {
  let holdAbove = 0;
  try {
    return await write(deps, actor, async (uow) => {
      const noted: NotedEffect[] = [];
      const result = await fn(uow, noted);
      const preview = await previewIn(uow, noted);
      holdAbove = (await readHoldAbove(uow.db)).holdAbove;
      const guard = guardDecision({
        affected: preview.counts.people,
        holdAbove,
        dryRun: change.dryRun,
        released: change.releasing !== undefined,
      });
      if (guard.decision !== 'apply') throw new RolledBack(guard, preview);
      if (change.releasing !== undefined) await markReleased(uow, change.releasing, preview, result);
      return { outcome: 'applied' as const, result, guard, preview };
    });
  } catch (e) {
    if (!(e instanceof RolledBack)) throw e;
    if (e.guard.decision === 'dry-run') return { outcome: 'dry-run', guard: e.guard, preview: e.preview };
    const held = await hold(deps, actor, change, e.guard, e.preview, holdAbove);
    return { outcome: 'held', guard: e.guard, preview: e.preview, held };
  }
}

/**
 * For a change that commits in several transactions (the full recompute): runs `fn` once in a transaction that is
 * always rolled back, to preview it; answers `proceed` when the caller may go on and apply it (marking a released
 * change released first), otherwise the dry run or the hold.
 */
export async function guardedPreview(
  deps: WriteDeps,
  actor: Actor,
  change: GuardedChange,
  fn: (uow: UnitOfWork, noted: NotedEffect[]) => Promise<unknown>,
): Promise<GuardOutcome<null> | { outcome: 'proceed'; guard: GuardDecision; preview: MassChangePreview }> {
  const outcome = await guardedWrite(deps, actor, { ...change, dryRun: true }, fn);
  if (outcome.outcome !== 'dry-run') throw new Error('a dry run applied or held a change');
  const { preview } = outcome;
  if (change.dryRun) return outcome;
  const { holdAbove } = await readHoldAbove(deps.db);
  const guard = guardDecision({ affected: preview.counts.people, holdAbove, released: change.releasing !== undefined });
  if (guard.decision === 'hold') {
    const held = await hold(deps, actor, change, guard, preview, holdAbove);
    return { outcome: 'held', guard, preview, held };
  }
  if (change.releasing !== undefined)
    await write(deps, actor, (uow) => markReleased(uow, change.releasing!, preview, null));
  return { outcome: 'proceed', guard, preview };
}
