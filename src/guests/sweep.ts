import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { defaultLifecycleInstaller, loadLifecycles } from './guest-store.ts';
import { dueSql, GUESTS_WITH_DAYS, ruleFilterSql } from './due-sql.ts';
import { type Lifecycle, type LifecycleTransition, timedTransitions } from './lifecycle.ts';
import { type MovedGuest, notifyTransition } from './notify-transition.ts';
import { type GuestSettings, readGuestSettings } from './sponsorship.ts';
import { createHandoverPass } from './handover-apply.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * The sweep of timed transitions: for each lifecycle and each of its timed transitions (in
 * definition order), one set-based statement per batch finds the guests in a `from` state
 * whose rule is due on or before today, locks them, writes a `guest_transitions` row keyed
 * by (guest, transition, due date) — the unique key that makes a second application
 * impossible — and moves them, in one transaction with an audit row and a change-log entry
 * per guest and the notices. Passes repeat until one moves nothing, so after a week of
 * downtime a guest walks pending → active → expiring → disabled, each step once and in
 * order, with `state_since` set to the day each step was due. Running it again writes
 * nothing. Batches of one transition run two at a time, each skipping the rows the other
 * locked; a last batch without skipping then waits for rows a user's change held.
 */
export const SWEEP_BATCH = 5_000;
/**
 * Batches of one transition applied at once: while one waits for the database, the next one's audit rows are hashed.
 */
export const SWEEP_WORKERS = 2;

export interface SweepResult {
  moved: number;
  /** Moves per lifecycle and transition, e.g. { "visitor/activate": 3 }. */
  transitions: Record<string, number>;
  notices: number;
  passes: number;
  /** Handovers opened and closed by the handover pass that runs first (handover-apply.ts). */
  handovers: { opened: number; closed: number };
}

type Row = {
  transition_id: number;
  guest_id: number;
  person_id: number;
  guarantor_id: number | null;
  sponsor_id: number | null;
  valid_to: string | null;
  from_state: string;
  due_on: string;
  version: number;
};

/** What every batch of one sweep shares: who runs it, the day it applies, the batch size and the guest settings. */
interface Run {
  actor: Actor;
  today: string;
  limit: number;
  workers: number;
  settings: GuestSettings;
}

export function createGuestSweep(deps: ServiceDeps) {
  const ensureDefaults = defaultLifecycleInstaller(deps);
  const handoverPass = createHandoverPass(deps);

  /** One batch of one timed transition, in its own transaction; returns how many moved and were notified. */
  async function batch(
    run: Run,
    lc: Lifecycle,
    t: LifecycleTransition,
    skipLocked: boolean,
  ): Promise<{ moved: number; notices: number }> {
    const { actor, today, limit, settings } = run;
    const due = dueSql(t.when!, today, settings);
    const condition = ruleFilterSql(t.when!, today, settings);
    return write(deps, actor, async (uow) => {
      const { rows } = await sql<Row>`
        with cand as (
          select g.id, g.state as from_state, ${due}::date as due_on
          from ${GUESTS_WITH_DAYS}
          where t.lifecycle = ${lc.name} and g.state = any(${t.from}::text[]) and ${due} <= ${today}::date ${condition}
            and not exists (select 1 from guest_transitions x where x.guest_id = g.id and x.transition = ${t.name} and x.due_on = ${due})
          order by g.id
          limit ${limit}
          for update of g ${skipLocked ? sql`skip locked` : sql``}
        ), ins as (
          insert into guest_transitions (guest_id, transition, from_state, to_state, due_on, at, actor)
          select id, ${t.name}, from_state, ${t.to}, due_on, ${uow.now}::timestamptz, ${actor.name} from cand
          on conflict (guest_id, transition, due_on) where due_on is not null do nothing
          returning id, guest_id, from_state, due_on
        ), upd as (
          update guests g set state = ${t.to}, state_since = greatest(g.state_since, ins.due_on), updated_at = ${uow.now}::timestamptz, version = g.version + 1
          from ins where g.id = ins.guest_id
          returning g.id, g.person_id, g.guarantor_id, g.sponsor_id, g.valid_to, g.version
        )
        select ins.id as transition_id, upd.id as guest_id, upd.person_id, upd.guarantor_id, upd.sponsor_id, upd.valid_to::text as valid_to, ins.from_state, ins.due_on::text as due_on, upd.version
        from upd join ins on ins.guest_id = upd.id order by upd.id`.execute(uow.db);
      for (const r of rows) {
        uow.record({
          action: 'guest.transition',
          op: 'transitioned',
          targetType: 'guest',
          targetId: r.guest_id,
          before: { state: r.from_state },
          after: { state: t.to, transition: t.name, dueOn: r.due_on, version: r.version },
        });
      }
      const moved: MovedGuest[] = rows.map((r) => ({
        transitionId: r.transition_id,
        guestId: r.guest_id,
        personId: r.person_id,
        guarantorId: r.guarantor_id,
        sponsorId: r.sponsor_id,
        validTo: r.valid_to,
      }));
      const notices = await notifyTransition(uow, t, moved);
      return { moved: rows.length, notices };
    });
  }

  /**
   * Drains one timed transition: a first batch; when it was full, `run.workers` batches at a time skipping the rows
   * another holds, then a last one that waits for them.
   */
  async function drain(run: Run, lc: Lifecycle, t: LifecycleTransition) {
    const total = { moved: 0, notices: 0 };
    const add = (r: { moved: number; notices: number }) => {
      total.moved += r.moved;
      total.notices += r.notices;
      return r.moved;
    };
    if (add(await batch(run, lc, t, false)) < run.limit) return total;
    const skipping = async () => {
      while (add(await batch(run, lc, t, true)) === run.limit);
    };
    await Promise.all(Array.from({ length: run.workers }, skipping));
    while (add(await batch(run, lc, t, false)) === run.limit);
    return total;
  }

  /**
   * Opens and closes handovers (handover-apply.ts), then applies every timed transition due on or before `now`'s day,
   * until nothing is due.
   * Runs as the scheduler (job `guest-lifecycle`) or a system administrator.
   *
   * Each pass drains, in definition order, the transitions that may have something due: in the first pass all of
   * them; in the next only those whose `from` states guests entered since they were last drained. A transition's
   * candidates are guests in its `from` states whose dates (or, for a condition, affiliations and statuses, which
   * the sweep does not change) make it due, and a guest's dates move only as it enters a state, so no other
   * transition can have anything new: the last pass, moving nothing, scans only what the one before could feed.
   */
  async function sweepGuests(
    actor: Actor,
    now: Date = deps.clock.now(),
    options: { batchSize?: number; workers?: number } = {},
  ): Promise<SweepResult> {
    authorise(actor, 'guests:configure');
    await ensureDefaults();
    const run: Run = {
      actor,
      today: isoDate(now),
      limit: options.batchSize ?? SWEEP_BATCH,
      workers: options.workers ?? SWEEP_WORKERS,
      settings: (await readGuestSettings(deps.db)).settings,
    };
    const timed = (await loadLifecycles(deps.db)).flatMap((lc) =>
      timedTransitions(lc).map((t) => ({ lc, t, key: `${lc.name}/${t.name}` })),
    );
    const handovers = await handoverPass.runHandovers(actor, run.today, run.settings);
    const result: SweepResult = {
      moved: 0,
      transitions: {},
      notices: handovers.notices,
      passes: 0,
      handovers: { opened: handovers.opened, closed: handovers.closed },
    };
    const stale = new Set(timed.map((x) => x.key));
    while (stale.size > 0) {
      result.passes += 1;
      for (const { lc, t, key } of timed) {
        if (!stale.delete(key)) continue;
        const { moved, notices } = await drain(run, lc, t);
        result.notices += notices;
        if (moved === 0) continue;
        result.moved += moved;
        result.transitions[key] = (result.transitions[key] ?? 0) + moved;
        for (const x of timed) if (x.lc.name === lc.name && x.t.from.includes(t.to)) stale.add(x.key);
      }
    }
    return result;
  }

  return { sweepGuests };
}
