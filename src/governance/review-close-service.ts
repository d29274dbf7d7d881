import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ReviewOutcome } from '../platform/db/governance-tables.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { isoDate } from '../platform/dates.ts';
import { conflict, forbidden, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { markAttested } from './attest-service.ts';
import { applyEndDates, applyReapprovals, applyRemoval } from './review-apply.ts';
import { type CampaignMailFacts, mailEscalated, mailReviewers, type MailLinks } from './review-mail.ts';
import { openCampaign } from './review-open-apply.ts';
import { mayManageCampaign, mayReadCampaign } from './review-policy.ts';
import { applyReason, closingAction, type Decision, nextCampaignName } from './review-rules.ts';
import type { CloseResultView } from './review-schemas.ts';
import { resolveScope } from './review-scope-store.ts';
import { type CampaignRow, campaignFacts, campaignView, loadCampaignRow } from './review-store.ts';
import { dueReminder, endDateInstant, nextDeadline } from './review-time.ts';

/**
 * Closing access reviews, by their owner or at the deadline (the `review-deadlines` job), and the reminders.
 *
 * Closing runs in steps that each commit, so a crash loses nothing and running it again finishes it: (1) at the
 * deadline with undecided = escalate, the undecided items go to the owner (with a mail) and the campaign stays open
 * until the owner closes it; otherwise closing begins (`closing_at`; decisions are refused from then on); (2) the
 * decisions are applied 500 items a transaction — keep, remove through `applyRemoval`, end dates — each item marked
 * applied with its outcome in the same transaction; (3) the campaign closes, its groups are marked attested, and a
 * recurring campaign opens the next one with the deadline moved on by its months.
 */
const BATCH = 500;

type Outcomes = Record<'kept' | 'removed' | 'endDated' | 'gone', number>;
const outcomeKey: Record<ReviewOutcome, keyof Outcomes> = {
  kept: 'kept',
  removed: 'removed',
  'end-dated': 'endDated',
  gone: 'gone',
};

interface PendingItem {
  id: number;
  membership_id: number;
  group_id: number;
  decision: Decision | null;
  end_date: string | null;
  comment: string | null;
  decided_by: string | null;
}

const mailFacts = (row: CampaignRow): CampaignMailFacts => ({
  id: row.id,
  name: row.name,
  label: row.label,
  deadline: row.deadline,
  undecided: row.undecided,
});

export function createReviewCloseService(deps: ServiceDeps, links: MailLinks = {}) {
  const { db, clock, log } = deps;

  async function escalate(uow: UnitOfWork, row: CampaignRow): Promise<number> {
    if (row.owner_person_id === null) return 0;
    const { rows } = await sql<{ id: number }>`
      update review_items set escalated_from = reviewer_person_id, reviewer_person_id = ${row.owner_person_id}, version = version + 1
      where campaign_id = ${row.id} and decision is null and applied_at is null returning id`.execute(uow.db);
    if (rows.length === 0) return 0;
    await uow.db
      .updateTable('review_campaigns')
      .set({ escalated_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
      .where('id', '=', row.id)
      .execute();
    await mailEscalated(uow, mailFacts(row), row.owner_person_id, rows.length, links);
    uow.record({
      action: 'review.escalate',
      op: 'escalated',
      targetType: 'review_campaign',
      targetId: row.id,
      after: { name: row.name, items: rows.length, ownerPersonId: row.owner_person_id },
    });
    return rows.length;
  }

  /** Step 1: escalates (at the deadline, once) or begins closing. */
  async function begin(actor: Actor, id: number, by: 'owner' | 'deadline'): Promise<number | 'closing' | 'closed'> {
    return write(deps, actor, async (uow) => {
      const row = await loadCampaignRow(uow.db, id, true);
      if (row.state === 'closed') return 'closed';
      if (row.closing_at !== null) return 'closing';
      if (by === 'deadline' && row.undecided === 'escalate' && row.escalated_at === null) {
        const escalated = await escalate(uow, row);
        if (escalated > 0) return escalated;
      }
      await uow.db
        .updateTable('review_campaigns')
        .set({ closing_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'review.close.begin',
        op: 'closing',
        targetType: 'review_campaign',
        targetId: id,
        after: { name: row.name, by },
      });
      return 'closing';
    });
  }

  /** Step 2: applies the next batch of decisions; false when none was left. */
  async function applyBatch(actor: Actor, id: number): Promise<boolean> {
    return write(deps, actor, async (uow) => {
      const row = await loadCampaignRow(uow.db, id);
      const { rows: items } = await sql<PendingItem>`
        select id, membership_id, group_id, decision, end_date, comment, decided_by from review_items
        where campaign_id = ${id} and applied_at is null order by id limit ${BATCH} for update`.execute(uow.db);
      if (items.length === 0) return false;
      const plan = items.map((i) => ({
        item: i,
        action: closingAction(i.decision, row.undecided),
        reason: applyReason(row.name, {
          decision: i.decision,
          decidedBy: i.decided_by,
          comment: i.comment,
          endDate: i.end_date,
        }),
      }));
      const target = (p: (typeof plan)[number]) => ({
        membershipId: Number(p.item.membership_id),
        groupId: Number(p.item.group_id),
        reason: p.reason,
      });
      const removed = await applyRemoval(uow, plan.filter((p) => p.action === 'remove').map(target));
      const ended = await applyEndDates(
        uow,
        plan
          .filter((p) => p.action === 'end-date')
          .map((p) => ({ ...target(p), until: endDateInstant(p.item.end_date!) })),
      );
      // a keep a reviewer decided re-approves the membership (not one kept because nobody decided)
      await applyReapprovals(
        uow,
        plan
          .filter((p) => p.action === 'keep' && p.item.decision === 'keep' && p.item.decided_by)
          .map((p) => ({ membershipId: Number(p.item.membership_id), decidedBy: p.item.decided_by! })),
      );
      const outcomes: ReviewOutcome[] = plan.map((p) => {
        const m = Number(p.item.membership_id);
        if (p.action === 'keep') return 'kept';
        if (p.action === 'remove') return removed.has(m) ? 'removed' : 'gone';
        return ended.has(m) ? 'end-dated' : 'gone';
      });
      await sql`
        update review_items i set applied_at = ${uow.now}, outcome = t.outcome
        from unnest(${items.map((i) => Number(i.id))}::bigint[], ${outcomes}::text[]) as t(id, outcome) where i.id = t.id`.execute(
        uow.db,
      );
      const tally = tallyOf(outcomes);
      uow.record({
        action: 'review.apply',
        op: 'applied',
        targetType: 'review_campaign',
        targetId: id,
        after: { name: row.name, items: items.length, ...tally },
      });
      return true;
    });
  }

  function tallyOf(outcomes: ReviewOutcome[]): Outcomes {
    const t: Outcomes = { kept: 0, removed: 0, endDated: 0, gone: 0 };
    for (const o of outcomes) t[outcomeKey[o]] += 1;
    return t;
  }

  /** The next campaign of a recurring one, opened inside the closing transaction (null when its scope is gone). */
  async function openNext(
    uow: UnitOfWork,
    row: CampaignRow,
  ): Promise<{ id: number; name: string; deadline: string } | null> {
    if (row.every_months === null) return null;
    let scope;
    try {
      scope = await resolveScope(uow.db, { kind: row.scope.kind, id: row.scope.id });
    } catch (e) {
      if (e instanceof StewardError) return null;
      throw e;
    }
    const deadline = nextDeadline(row.deadline, row.every_months, uow.now);
    let name = nextCampaignName(row.name, isoDate(deadline));
    for (
      let n = 2;
      await uow.db.selectFrom('review_campaigns').select('id').where('name', '=', name).executeTakeFirst();
      n++
    )
      name = `${nextCampaignName(row.name, isoDate(deadline))}-${n}`;
    const reviewers = await uow.db
      .selectFrom('review_reviewers')
      .select(['org_id', 'person_id'])
      .where('campaign_id', '=', row.id)
      .execute();
    const spec = {
      name,
      label: row.label,
      scope,
      splitBy: row.split_by,
      divisionKinds: row.division_kinds,
      reviewers: reviewers.map((r) => ({ orgId: r.org_id, personId: Number(r.person_id) })),
      deadline,
      remindDays: row.remind_days,
      undecided: row.undecided,
      everyMonths: row.every_months,
      ownerPersonId: row.owner_person_id!,
      previousId: row.id,
    };
    const { id } = await openCampaign(uow, spec, links, true);
    return { id, name, deadline: deadline.toISOString() };
  }

  /** Step 3: closes the campaign once every item is applied, marks its groups attested, opens the next. */
  async function finish(actor: Actor, id: number): Promise<CloseResultView['next']> {
    return write(deps, actor, async (uow) => {
      const row = await loadCampaignRow(uow.db, id, true);
      if (row.state === 'closed') return null;
      await uow.db
        .updateTable('review_campaigns')
        .set({ state: 'closed', closed_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      await markAttested(uow, row.scope.groupIds ?? [], row.name);
      const next = await openNext(uow, row);
      uow.record({
        action: 'review.close',
        op: 'closed',
        targetType: 'review_campaign',
        targetId: id,
        after: { name: row.name, next },
      });
      return next;
    });
  }

  async function outcomesOf(id: number): Promise<Outcomes> {
    const rows = await db
      .selectFrom('review_items')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', id)
      .where('outcome', 'is not', null)
      .groupBy('outcome')
      .execute();
    const t: Outcomes = { kept: 0, removed: 0, endDated: 0, gone: 0 };
    for (const r of rows) t[outcomeKey[r.outcome!]] = Number(r.n);
    return t;
  }

  /** Runs the steps from wherever a previous run stopped. */
  async function run(actor: Actor, id: number, by: 'owner' | 'deadline') {
    const started = await begin(actor, id, by);
    if (typeof started === 'number') return { escalated: started, next: null };
    if (started === 'closed') return { escalated: 0, next: null };
    while (await applyBatch(actor, id));
    return { escalated: 0, next: await finish(actor, id) };
  }

  /** Closes a campaign now (its owner or a system administrator): undecided items follow its policy. */
  async function close(actor: Actor, id: number): Promise<CloseResultView> {
    const row = await loadCampaignRow(db, id);
    const facts = await campaignFacts(db, actor, row);
    if (!mayManageCampaign(actor, facts))
      throw forbidden(
        mayReadCampaign(actor, facts)
          ? `only the owner of the access review ${row.name} or a system administrator closes it`
          : `${actor.name} is neither the owner nor a reviewer of the access review ${row.name}`,
      );
    if (row.state === 'closed')
      throw conflict(`the access review ${row.name} is closed already`, { field: '/state', rule: 'open' });
    const { escalated, next } = await run(actor, id, 'owner');
    const after = await loadCampaignRow(db, id);
    return {
      campaign: await campaignView(db, actor, after, facts),
      escalated,
      outcomes: await outcomesOf(id),
      next,
    };
  }

  /** Sends the reminder due today to each reviewer with undecided items; returns the mails queued. */
  async function remind(actor: Actor, row: CampaignRow, now: Date): Promise<number> {
    const days = dueReminder(row.deadline, row.remind_days, now);
    if (days === null) return 0;
    return write(deps, actor, async (uow) => {
      const rows = await uow.db
        .selectFrom('review_items')
        .select(['reviewer_person_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', row.id)
        .where('decision', 'is', null)
        .where('reviewer_person_id', 'is not', null)
        .groupBy('reviewer_person_id')
        .execute();
      const counts = new Map(rows.map((r) => [Number(r.reviewer_person_id), Number(r.n)]));
      return mailReviewers(uow, mailFacts(row), counts, { kind: 'reminder', days }, links);
    });
  }

  /**
   * The `review-deadlines` job: closes (or escalates) the campaigns past their deadline and finishes any whose closing
   * was interrupted, opening the next of recurring ones; sends the reminders due. Running it again does nothing new.
   */
  async function sweep(actor: Actor) {
    const now = clock.now();
    const summary = { closed: 0, escalated: 0, opened: 0, reminded: 0, failed: 0 };
    const due = await db
      .selectFrom('review_campaigns')
      .select('id')
      .where('state', '=', 'open')
      .where((eb) =>
        eb.or([eb('closing_at', 'is not', null), eb.and([eb('deadline', '<=', now), eb('escalated_at', 'is', null)])]),
      )
      .orderBy('id')
      .execute();
    for (const { id } of due) {
      try {
        const r = await run(actor, id, 'deadline');
        if (r.escalated > 0) summary.escalated += r.escalated;
        else summary.closed += 1;
        if (r.next) summary.opened += 1;
      } catch (e) {
        summary.failed += 1;
        log.error({ err: e, campaign: id }, 'closing an access review failed; the next run resumes it');
      }
    }
    const open = await db
      .selectFrom('review_campaigns')
      .selectAll()
      .where('state', '=', 'open')
      .where('closing_at', 'is', null)
      .where('deadline', '>', now)
      .execute();
    for (const row of open) summary.reminded += await remind(actor, row, now);
    if (summary.failed > 0)
      throw new Error(`${summary.failed} access reviews could not be closed: ${JSON.stringify(summary)}`);
    return summary;
  }

  return { close, sweep };
}
