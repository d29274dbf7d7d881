import { conflict } from '../platform/errors.ts';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { currentFacts } from './facts-store.ts';
import { type MailLinks, mailReviewers } from './review-mail.ts';
import { changedFacts, reviewerFor, type SplitBy, splitUnit } from './review-rules.ts';
import { membershipsIn, orgChains, type ScopeGroup, type ScopeRef, scopeGroups } from './review-scope-store.ts';

/**
 * Opening a campaign inside the caller's unit of work (a new campaign, or the next of a recurring one): the
 * campaign row, its reviewers, and one item per direct membership of a person in scope with the facts now and at
 * grant, what changed, the access levels, the path, who added and approved it, the reason and the reviewer (by the
 * member's department or division, inherited up the tree, else the default reviewer, else the owner); then a mail
 * to each reviewer.
 */
export interface CampaignSpec {
  name: string;
  label: string;
  scope: ScopeRef;
  splitBy: SplitBy;
  divisionKinds: string[];
  reviewers: { orgId: number | null; personId: number }[];
  deadline: Date;
  remindDays: number[];
  undecided: 'keep' | 'remove' | 'escalate';
  everyMonths: number | null;
  ownerPersonId: number;
  previousId: number | null;
}

const CHUNK = 1_000;
const noFacts: EligibilityFacts = { statuses: [], department: null, title: null, supporting: [] };

function reasonOf(m: { reason: string | null }, g: ScopeGroup): string | null {
  if (g.via.length > 1) {
    const through = `through ${g.via.map((v) => v.name).join(' → ')}`;
    return m.reason ? `${m.reason} (${through})` : through;
  }
  return m.reason;
}

/** Builds the item rows of a campaign (not yet inserted): one per membership of a person in scope. */
async function itemRows(uow: UnitOfWork, spec: CampaignSpec, groups: Map<number, ScopeGroup>) {
  const memberships = await membershipsIn(uow.db, [...groups.keys()], uow.now);
  const supporting = [...new Set(memberships.flatMap((m) => m.facts?.supporting ?? []))];
  const facts = await currentFacts(uow.db, [...new Set(memberships.map((m) => m.personId))], {
    now: uow.now,
    supportingGroupIds: supporting,
  });
  const chains = await orgChains(uow.db, [
    ...new Set([...facts.values()].map((f) => f.department).filter((d): d is string => d !== null)),
  ]);
  const byOrg = new Map(spec.reviewers.filter((r) => r.orgId !== null).map((r) => [r.orgId!, r.personId]));
  const fallback = {
    defaultReviewer: spec.reviewers.find((r) => r.orgId === null)?.personId ?? null,
    owner: spec.ownerPersonId,
  };
  return memberships.map((m) => {
    const now = facts.get(m.personId) ?? noFacts;
    const chain = now.department === null ? [] : (chains.get(now.department) ?? []);
    const orgId = splitUnit(spec.splitBy, chain, spec.divisionKinds);
    const from = orgId === null ? [] : chain.slice(chain.findIndex((u) => u.id === orgId)).map((u) => u.id);
    const g = groups.get(m.groupId)!;
    return {
      membership_id: m.id,
      group_id: m.groupId,
      person_id: m.personId,
      org_id: orgId,
      reviewer_person_id: reviewerFor(from, byOrg, fallback),
      then_facts: m.facts === null ? null : JSON.stringify(m.facts),
      now_facts: JSON.stringify(now),
      changed: JSON.stringify(changedFacts(m.facts, now)),
      access: JSON.stringify(g.access),
      via: JSON.stringify(g.via),
      added_at: m.addedAt,
      added_by: m.addedBy,
      approved_at: m.factsApprovedAt,
      approved_by: m.factsApprovedBy ?? m.approvedBy,
      reason: reasonOf(m, g),
      ticket: m.ticket,
      ends_at: m.disabledAt,
    };
  });
}

/**
 * Opens the campaign; refuses one with nothing to review (409 `not-empty`) unless `allowEmpty` (the next of a
 * recurring campaign opens even when its groups are empty for now). Returns its id and the item count.
 */
export async function openCampaign(
  uow: UnitOfWork,
  spec: CampaignSpec,
  links: MailLinks,
  allowEmpty = false,
): Promise<{ id: number; items: number }> {
  const groups = await scopeGroups(uow.db, spec.scope, uow.now);
  const rows = await itemRows(uow, spec, groups);
  if (rows.length === 0 && !allowEmpty)
    throw conflict(`the ${spec.scope.kind} ${spec.scope.name} has no direct members to review`, {
      field: '/scope',
      rule: 'not-empty',
      message: `the ${spec.scope.kind} ${spec.scope.name} has no members in its groups (${groups.size} groups)`,
    });
  const { id } = await uow.db
    .insertInto('review_campaigns')
    .values({
      name: spec.name,
      label: spec.label,
      scope: JSON.stringify({ kind: spec.scope.kind, id: spec.scope.id, groupIds: [...groups.keys()] }),
      split_by: spec.splitBy,
      division_kinds: JSON.stringify(spec.divisionKinds),
      deadline: spec.deadline,
      remind_days: JSON.stringify(spec.remindDays),
      undecided: spec.undecided,
      every_months: spec.everyMonths,
      owner_person_id: spec.ownerPersonId,
      previous_id: spec.previousId,
      created_by: uow.actor.name,
      created_at: uow.now,
      updated_at: uow.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (spec.reviewers.length)
    await uow.db
      .insertInto('review_reviewers')
      .values(spec.reviewers.map((r) => ({ campaign_id: id, org_id: r.orgId, person_id: r.personId })))
      .execute();
  for (let i = 0; i < rows.length; i += CHUNK)
    await uow.db
      .insertInto('review_items')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, campaign_id: id })))
      .execute();
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.reviewer_person_id, (counts.get(r.reviewer_person_id) ?? 0) + 1);
  await mailReviewers(uow, { id, ...spec }, counts, { kind: 'assigned' }, links);
  uow.record({
    action: 'review.create',
    op: 'created',
    targetType: 'review_campaign',
    targetId: id,
    after: {
      name: spec.name,
      scope: spec.scope,
      groups: groups.size,
      items: rows.length,
      deadline: spec.deadline.toISOString(),
      splitBy: spec.splitBy,
      reviewers: spec.reviewers,
      undecided: spec.undecided,
      everyMonths: spec.everyMonths,
      ownerPersonId: spec.ownerPersonId,
      previousId: spec.previousId,
      perReviewer: Object.fromEntries(counts),
    },
  });
  return { id, items: rows.length };
}
