import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { applyBatch, type ApplyCounts, emptyCounts } from './grace-apply.ts';
import type { MailLinks } from './grace-mail.ts';
import { partyMemo } from './grace-store.ts';
import { classifyChange, graceDays, graceStep } from './grace-rules.ts';
import { createHold, type HoldItem } from './hold-service.ts';
import { isMassLoss } from './hold-rules.ts';
import {
  type Candidate,
  dateTouchedPeople,
  findChanged,
  type GracePolicy,
  governedCounts,
  gracePolicies,
  releasedHolds,
  type Scope,
  touchedPeople,
} from './reconcile-sql.ts';

/**
 * The governance reconcile, stateful and not triggered: each governed membership's stored
 * facts are compared with today's. A full pass re-checks every governed membership; an
 * incremental pass re-checks only the people the change log names since its cursor (the
 * `governance-cursor` setting), plus those whose facts changed by the calendar alone when the
 * day has turned, plus the items of released holds — it only makes the full pass's answer
 * come sooner, and both apply the same rule. Candidates are found by one SQL query per
 * policy, a mass loss per group is held instead of applied, and the rest is applied in
 * batches of `BATCH` memberships, one transaction each (so a killed pass loses nothing:
 * running it again finds what is left). A pass over unchanged facts writes nothing.
 */
export const BATCH = 500;
const CURSOR = 'governance-cursor';

export interface ReconcileReport extends ApplyCounts {
  mode: 'full' | 'incremental';
  /** Incremental: the people the change log (or the calendar) named; null for a full pass. */
  people: number | null;
  /** Memberships whose facts differ from their grace state (before holds). */
  candidates: number;
  /** Memberships put on hold, and the holds written. */
  held: number;
  holds: number[];
  batches: number;
}

interface Cursor {
  position: number;
  day?: string;
}

interface Planned {
  c: Candidate;
  policy: GracePolicy;
  start: boolean;
}

export function createReconcileService(deps: ServiceDeps, links: MailLinks = {}, options: { batch?: number } = {}) {
  const { db, clock } = deps;
  const batch = options.batch ?? BATCH;

  async function readCursor(): Promise<Cursor> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', CURSOR).executeTakeFirst();
    const v = (row?.value ?? {}) as Partial<Cursor>;
    return { position: Number(v.position ?? 0), ...(typeof v.day === 'string' ? { day: v.day } : {}) };
  }

  async function saveCursor(actor: Actor, cursor: Cursor): Promise<void> {
    await write(deps, actor, async (uow) => {
      await uow.db
        .insertInto('settings')
        .values({ key: CURSOR, value: JSON.stringify(cursor), updated_at: uow.now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(cursor), updated_at: uow.now }))
        .execute();
    });
  }

  async function logHead(): Promise<number> {
    const row = await db.selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** The scope of an incremental pass (null: the log names something that can touch anyone — go full). */
  async function incrementalScope(
    cursor: Cursor,
    head: number,
    now: Date,
    policies: Map<number, GracePolicy>,
  ): Promise<Scope & { people: number }> {
    const supporting = [...new Set([...policies.values()].flatMap((p) => p.checks.supportingGroupIds))];
    const touched = await touchedPeople(db, cursor.position, head, supporting);
    if (touched === null) return { all: true, people: 0 };
    const today = now.toISOString().slice(0, 10);
    const dated = cursor.day ? await dateTouchedPeople(db, cursor.day, today, supporting) : [];
    const personIds = [...new Set([...touched, ...dated])];
    return { personIds, releasedHolds: await releasedHolds(db), people: personIds.length };
  }

  async function plan(policies: Map<number, GracePolicy>, now: Date, scope: Scope): Promise<Planned[]> {
    if (!('all' in scope) && scope.personIds.length === 0 && scope.releasedHolds.length === 0) return [];
    const out: Planned[] = [];
    for (const policy of policies.values())
      for (const c of await findChanged(db, policy, now, scope)) {
        const running = c.graceKind && c.graceEndsAt ? { kind: c.graceKind, endsAt: c.graceEndsAt } : null;
        const change = classifyChange(c.stored, c.today, policy.checks);
        const step = graceStep(running, change, now, (k) => graceDays(policy.grace, policy.level, k));
        if (step.action !== 'none' || c.released)
          out.push({ c, policy, start: step.action === 'start' && !c.released });
      }
    return out;
  }

  /** Holds each group's new graces when they are a mass loss; returns the memberships held. */
  async function holdMassLoss(
    actor: Actor,
    planned: Planned[],
    now: Date,
  ): Promise<{ held: Set<number>; holds: number[] }> {
    const starts = Map.groupBy(
      planned.filter((p) => p.start),
      (p) => p.c.groupId,
    );
    const members = await governedCounts(db, [...starts.keys()], now);
    const held = new Set<number>();
    const holds: number[] = [];
    for (const [groupId, items] of starts) {
      const policy = items[0].policy;
      if (!isMassLoss(items.length, members.get(groupId) ?? 0, policy.massLossPercent)) continue;
      const holdItems: HoldItem[] = items.map(({ c }) => {
        const change = classifyChange(c.stored, c.today, policy.checks)!;
        return {
          membershipId: c.membershipId,
          personId: c.personId,
          ...change,
          seenAt: now.toISOString(),
          days: graceDays(policy.grace, policy.level, change.kind),
        };
      });
      const id = await write(deps, actor, (uow) =>
        createHold(uow, {
          policyId: policy.id,
          groupId,
          members: members.get(groupId) ?? 0,
          percent: policy.massLossPercent,
          items: holdItems,
        }),
      );
      holds.push(id);
      for (const i of holdItems) held.add(i.membershipId);
    }
    return { held, holds };
  }

  /** Marks released holds as applied once their items went through a pass. */
  async function finishHolds(actor: Actor, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await write(deps, actor, async (uow) => {
      await uow.db.updateTable('membership_facts').set({ hold_id: null }).where('hold_id', 'in', ids).execute();
      const done = await uow.db
        .updateTable('governance_holds')
        .set({ applied_at: uow.now })
        .where('id', 'in', ids)
        .where('applied_at', 'is', null)
        .returning('id')
        .execute();
      for (const h of done)
        uow.record({
          action: 'governance.hold.apply',
          op: 'applied',
          targetType: 'governance_hold',
          targetId: h.id,
          after: { state: 'released', applied: true },
        });
    });
  }

  async function pass(actor: Actor, mode: 'full' | 'incremental'): Promise<ReconcileReport> {
    authorise(actor, 'groups:manage');
    const now = clock.now();
    const policies = await gracePolicies(db);
    const cursor = mode === 'incremental' ? await readCursor() : null;
    const head = await logHead();
    const scope: Scope & { people?: number } =
      cursor === null ? { all: true } : await incrementalScope(cursor, head, now, policies);
    const released = 'all' in scope ? await releasedHolds(db) : scope.releasedHolds;
    const planned = await plan(policies, now, scope);
    const { held, holds } = await holdMassLoss(actor, planned, now);
    // batches follow the groups, so each recomputes the effective members of few groups
    const ids = planned
      .filter((p) => !held.has(p.c.membershipId))
      .sort((a, b) => a.c.groupId - b.c.groupId || a.c.membershipId - b.c.membershipId)
      .map((p) => p.c.membershipId);
    const memo = partyMemo();
    const report: ReconcileReport = {
      mode,
      people: 'all' in scope ? null : (scope.people ?? null),
      candidates: planned.length,
      held: held.size,
      holds,
      batches: 0,
      ...emptyCounts(),
    };
    for (let i = 0; i < ids.length; i += batch) {
      const counts = await write(deps, actor, (uow) => applyBatch(uow, ids.slice(i, i + batch), policies, links, memo));
      for (const k of Object.keys(counts) as (keyof ApplyCounts)[]) report[k] += counts[k];
      report.batches += 1;
    }
    await finishHolds(actor, released);
    if (cursor !== null) await saveCursor(actor, { position: head, day: now.toISOString().slice(0, 10) });
    return report;
  }

  return {
    /** Re-checks every governed membership (the daily job). */
    full: (actor: Actor) => pass(actor, 'full'),
    /** Re-checks the people the change log and the calendar name since the last incremental pass. */
    incremental: (actor: Actor) => pass(actor, 'incremental'),
  };
}

export type ReconcileService = ReturnType<typeof createReconcileService>;
