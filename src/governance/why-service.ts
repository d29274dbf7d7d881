import { sql } from 'kysely';
import { requirePrivilege } from '../groups/group-access.ts';
import { loadGroup } from '../groups/group-store.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { notFound } from '../platform/errors.ts';
import { currentFacts } from './facts-store.ts';
import { factDifferences, graceDays } from './grace-rules.ts';
import type { WhyView } from './grace-schemas.ts';
import type { GraceWhy } from './grace-store.ts';
import { becauseText, longDate, moment } from './grace-texts.ts';
import { gracePolicies } from './reconcile-sql.ts';

/**
 * "Why does this membership end on 12 March?": the membership's end, and for a governed one
 * which fact changed, when it was seen, from what to what, which grace rule applied, whether
 * the notices went out (with each mail's state), the facts at grant against today's, and
 * the membership's grace history. A membership no policy governs says so plainly. Read with
 * the `read` privilege on the group.
 */
const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const HISTORY_EVENTS = [
  'grace-started',
  'grace-ended',
  'grace-escalated',
  'grace-replaced',
  'grace-cleared',
  'end-set',
  'member-added',
  'member-updated',
];

function historySentence(event: string, data: Record<string, unknown>): string {
  const after = (data.after ?? data) as { disabledAt?: string | null; addedBy?: string; reason?: string | null };
  if (event === 'member-added')
    return `Added by ${after.addedBy ?? 'someone'}${after.reason ? ` (${after.reason})` : ''}${after.disabledAt ? `, to end on ${longDate(new Date(after.disabledAt))}` : ''}.`;
  if (typeof data.reason === 'string' && data.reason) return data.reason;
  if (event === 'member-updated')
    return after.disabledAt
      ? `Its end was set to ${longDate(new Date(after.disabledAt))}.`
      : 'Its end date was removed.';
  return event;
}

function summaryOf(v: Omit<WhyView, 'summary'>, why: GraceWhy | null, lastReason: string | null, now: Date): string {
  const ends = v.endsAt ? new Date(v.endsAt) : null;
  const verb = ends && ends.getTime() <= now.getTime() ? 'ended' : 'ends';
  const endText = ends ? `${verb} on ${longDate(ends)} (${moment(ends)})` : 'has no end date';
  if (!v.governed)
    return `Membership ${v.membershipId} of ${v.group} is not governed: no governance policy watches its member's facts, so only its own dates end it. It ${endText}${ends && lastReason ? `: ${lastReason}` : '.'}`;
  if (why && v.grace) {
    const told = v.grace.notices.filter((n) => n.mailId !== null);
    const notices = told.length
      ? `Notice went to ${told.map((n) => n.name).join(', ')} on ${longDate(new Date(v.grace.notifiedAt ?? why.seenAt))}.`
      : 'No notice could be sent (nobody to tell had an address).';
    const because = becauseText({
      change: { kind: why.kind, fact: why.fact, from: why.from, to: why.to },
      level: why.rule.level,
      days: why.rule.days,
      seenAt: new Date(why.seenAt),
    });
    return `It ${endText} ${because} ${notices}`;
  }
  const base = `Governed by ${v.policy?.name}: the member is as eligible as at grant.`;
  return ends
    ? `${base} It ${endText}${lastReason ? `: ${lastReason}` : ' (its own end date).'}`
    : `${base} It ${endText}.`;
}

export function createWhyService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function history(membershipId: number) {
    const rows = await db
      .selectFrom('group_history')
      .select(['at', 'actor', 'event', 'data'])
      .where('membership_id', '=', membershipId)
      .where('event', 'in', HISTORY_EVENTS)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actor: r.actor,
      event: r.event,
      sentence: historySentence(r.event, (r.data ?? {}) as Record<string, unknown>),
    }));
  }

  async function mailStates(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('outbox').select(['id', 'state']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.state]));
  }

  async function why(actor: Actor, groupId: number, membershipId: number): Promise<WhyView> {
    const group = await loadGroup(db, groupId);
    const now = clock.now();
    await requirePrivilege(db, actor, { groupId }, 'read', now, `the group ${group.name}`);
    const { rows } = await sql<{
      id: number;
      group_id: number;
      person_id: number | null;
      member: string | null;
      disabled_at: Date | null;
    }>`select m.id, m.group_id, m.member_person_id as person_id, m.disabled_at,
         case when p.id is null then null else trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) end as member
       from group_memberships m left join people p on p.id = m.member_person_id where m.id = ${membershipId}`.execute(
      db,
    );
    const m = rows[0];
    if (!m || Number(m.group_id) !== groupId) throw notFound('membership', membershipId);
    const f = await db
      .selectFrom('membership_facts')
      .selectAll()
      .where('membership_id', '=', membershipId)
      .executeTakeFirst();
    const events = await history(membershipId);
    const lastReason = [...events].reverse().find((e) => e.event !== 'member-added')?.sentence ?? null;
    const base = {
      membershipId,
      groupId,
      group: group.name,
      personId: m.person_id === null ? null : Number(m.person_id),
      member: m.member,
      endsAt: iso(m.disabled_at),
      history: events,
    };
    if (!f) {
      const v = { ...base, governed: false, policy: null, grace: null, hold: null, facts: null };
      return { ...v, summary: summaryOf(v, null, lastReason, now) };
    }
    const policy = (await gracePolicies(db)).get(f.policy_id)!;
    // the membership's member (a merge moves memberships to the survivor)
    const personId = m.person_id === null ? f.person_id : Number(m.person_id);
    const today = (
      await currentFacts(db, [personId], {
        now,
        supportingGroupIds: policy.checks.supportingGroupIds,
        ...(policy.checks.employmentKinds ? { employmentKinds: policy.checks.employmentKinds } : {}),
      })
    ).get(personId)!;
    const gw = f.grace_kind ? (f.grace_why as unknown as GraceWhy | null) : null;
    const states = await mailStates((gw?.notices ?? []).flatMap((n) => (n.mailId === null ? [] : [n.mailId])));
    const hold = f.hold_id
      ? await db.selectFrom('governance_holds').selectAll().where('id', '=', f.hold_id).executeTakeFirst()
      : undefined;
    const atGrant = f.facts as EligibilityFacts;
    const v: Omit<WhyView, 'summary'> = {
      ...base,
      governed: true,
      policy: {
        id: policy.id,
        name: policy.name,
        level: policy.level,
        grace: {
          job: graceDays(policy.grace, policy.level, 'job'),
          department: graceDays(policy.grace, policy.level, 'department'),
          leaving: graceDays(policy.grace, policy.level, 'leaving'),
          requirement: graceDays(policy.grace, policy.level, 'requirement'),
        },
      },
      grace: gw
        ? {
            kind: gw.kind,
            fact: gw.fact,
            from: gw.from,
            to: gw.to,
            seenAt: gw.seenAt,
            endsAt: gw.endsAt,
            membershipEndsAt: gw.membershipEndsAt,
            previousEnd: gw.previousEnd,
            rule: { level: gw.rule.level, kind: gw.rule.kind, days: gw.rule.days, policy: gw.rule.policy },
            sentence: gw.sentence,
            notified: f.grace_notified_at !== null,
            notifiedAt: iso(f.grace_notified_at),
            notices: gw.notices.map((n) => ({
              ...n,
              mailState: n.mailId === null ? null : (states.get(n.mailId) ?? null),
            })),
          }
        : null,
      hold: hold
        ? { id: hold.id, state: hold.released_at ? 'released' : hold.discarded_at ? 'discarded' : 'open' }
        : null,
      facts: {
        atGrant,
        recordedAt: f.recorded_at.toISOString(),
        recordedBy: f.recorded_by,
        approvedAt: iso(f.approved_at),
        approvedBy: f.approved_by,
        today,
        differences: factDifferences(atGrant, today),
      },
    };
    return { ...v, summary: summaryOf(v, gw, lastReason, now) };
  }

  return { why };
}

export type WhyService = ReturnType<typeof createWhyService>;
