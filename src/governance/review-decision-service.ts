import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { isoDate } from '../platform/dates.ts';
import { assertNoProblems, conflict, forbidden, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { mayDecideItem, mayManageCampaign, mayReadCampaign, worklistReviewer } from './review-policy.ts';
import { filterSql, itemView } from './review-query.ts';
import { decisionProblems } from './review-rules.ts';
import type { BulkInput, DecisionInputBody, ItemView } from './review-schemas.ts';
import { type CampaignRow, campaignFacts, campaignState, loadCampaignRow } from './review-store.ts';

/**
 * Reviewers' decisions: keep, remove (with a comment saying why) or set an end date, on one item (If-Match on the
 * item's version) or in bulk over a worklist filter. A decision may be changed until the campaign closes; closing
 * applies them all (review-close-service.ts), so nothing is removed while the campaign is open.
 */
export function createReviewDecisionService(deps: ServiceDeps) {
  const { db, clock } = deps;

  function assertOpen(row: CampaignRow): void {
    const state = campaignState(row);
    if (state !== 'open')
      throw conflict(`the access review ${row.name} is ${state}: its decisions can no longer change`, {
        field: '/decision',
        rule: 'open',
      });
  }

  const columns = (d: DecisionInputBody, actor: Actor, now: Date) => ({
    decision: d.decision,
    end_date: d.decision === 'end-date' ? d.endDate! : null,
    comment: d.comment?.trim() || null,
    decided_by: actor.name,
    decided_at: now,
  });

  async function decide(
    actor: Actor,
    campaignId: number,
    itemId: number,
    expected: number,
    d: DecisionInputBody,
  ): Promise<ItemView> {
    const row = await loadCampaignRow(db, campaignId);
    const facts = await campaignFacts(db, actor, row);
    const item = await db
      .selectFrom('review_items')
      .select(['id', 'reviewer_person_id', 'version', 'decision', 'end_date', 'comment'])
      .where('campaign_id', '=', campaignId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!mayReadCampaign(actor, facts))
      throw forbidden(`${actor.name} is neither the owner nor a reviewer of the access review ${row.name}`);
    if (!item) throw notFound('review item', itemId);
    if (!mayDecideItem(actor, facts, item.reviewer_person_id))
      throw forbidden(`${actor.name} may not decide item ${itemId}: it is another reviewer's`);
    assertOpen(row);
    assertNoProblems(decisionProblems(d, isoDate(clock.now())));
    return write(deps, actor, async (uow) => {
      const set = columns(d, actor, uow.now);
      const updated = await uow.db
        .updateTable('review_items')
        .set({ ...set, version: sql`version + 1` })
        .where('id', '=', itemId)
        .where('version', '=', expected)
        .where('applied_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        const now = await uow.db
          .selectFrom('review_items')
          .select(['version', 'applied_at'])
          .where('id', '=', itemId)
          .executeTakeFirstOrThrow();
        if (now.applied_at !== null)
          throw conflict(`item ${itemId} was applied when the access review ${row.name} closed`, {
            field: '/decision',
            rule: 'open',
          });
        throw stale(`review item ${itemId}`, expected, now.version);
      }
      uow.record({
        action: 'review.decide',
        op: 'decided',
        targetType: 'review_item',
        targetId: itemId,
        before: { decision: item.decision, endDate: item.end_date, comment: item.comment },
        after: { campaignId, decision: set.decision, endDate: set.end_date, comment: set.comment },
        reason: set.comment,
      });
      return (await itemView(uow.db, campaignId, itemId, uow.now))!;
    });
  }

  /** One decision over every item a worklist filter selects (the caller's own unless they manage the campaign). */
  async function bulk(actor: Actor, campaignId: number, input: BulkInput): Promise<{ decided: number }> {
    const row = await loadCampaignRow(db, campaignId);
    const facts = await campaignFacts(db, actor, row);
    const filter = input.filter ?? {};
    const choice = worklistReviewer(actor, facts, filter.reviewer);
    if ('refused' in choice) throw forbidden(choice.refused);
    if (!mayManageCampaign(actor, facts) && (choice.reviewer === null || choice.reviewer !== facts.personId))
      throw forbidden(`${actor.name} may decide only their own items in the access review ${row.name}`);
    assertOpen(row);
    assertNoProblems(decisionProblems(input, isoDate(clock.now())));
    return write(deps, actor, async (uow) => {
      const set = columns(input, actor, uow.now);
      const { rows } = await sql<{ id: number }>`
        update review_items i set decision = ${set.decision}, end_date = ${set.end_date}::date, comment = ${set.comment},
               decided_by = ${set.decided_by}, decided_at = ${set.decided_at}, version = i.version + 1
        from people p, groups g
        where p.id = i.person_id and g.id = i.group_id and i.applied_at is null
          and ${filterSql(campaignId, { ...filter, reviewer: choice.reviewer })}
        returning i.id`.execute(uow.db);
      for (const r of rows)
        uow.record({
          action: 'review.decide',
          op: 'decided',
          targetType: 'review_item',
          targetId: Number(r.id),
          after: { campaignId, decision: set.decision, endDate: set.end_date, comment: set.comment, bulk: true },
          reason: set.comment,
        });
      return { decided: rows.length };
    });
  }

  return { decide, bulk };
}
