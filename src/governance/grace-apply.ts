import { sql } from 'kysely';
import { lockGroups } from '../groups/effective-engine.ts';
import { type EndChange, setMembershipEnds } from '../groups/membership-ends.ts';
import type { ChangeKind, EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { currentFacts } from './facts-store.ts';
import {
  classifyChange,
  type GraceStep,
  graceDays,
  graceStep,
  membershipEnd,
  noticeList,
  noticesFor,
  type PartyRef,
} from './grace-rules.ts';
import { enqueueMany } from '../notify/outbox.ts';
import { type MailLinks, noticeMails } from './grace-mail.ts';
import { type GraceWhy, groupNames, type Notice, type PartyMemo, partyMemo, peopleParties } from './grace-store.ts';
import { clearSentence, GRACE_EVENTS, graceSentence } from './grace-texts.ts';
import type { GracePolicy } from './reconcile-sql.ts';

/**
 * Applies the grace rule to a batch of governed memberships in one unit of work: locks their
 * facts rows, reads today's facts again (the pass's SQL only found candidates), decides each
 * step with the pure rule, queues the notices through the outbox, stores the grace state and
 * its why, and gives the memberships their end date through the membership service's own
 * path (effective members, history, audit and change log follow). A batch over unchanged
 * memberships writes nothing, so a pass run again after a crash finishes the work.
 */
export interface ApplyCounts {
  started: number;
  ended: number;
  escalated: number;
  replaced: number;
  cleared: number;
  notices: number;
}

export const emptyCounts = (): ApplyCounts => ({
  started: 0,
  ended: 0,
  escalated: 0,
  replaced: 0,
  cleared: 0,
  notices: 0,
});

interface Locked {
  membership_id: number;
  group_id: number;
  person_id: number;
  policy_id: number;
  facts: EligibilityFacts;
  grace_kind: ChangeKind | null;
  grace_ends_at: Date | null;
  grace_why: GraceWhy | null;
  hold_id: number | null;
  disabled_at: Date | null;
  hold_open: boolean;
}

interface Decision {
  row: Locked;
  policy: GracePolicy;
  today: EligibilityFacts;
  step: Exclude<GraceStep, { action: 'none' }>;
}

async function lockRows(uow: UnitOfWork, ids: number[]): Promise<Locked[]> {
  const { rows } = await sql<Locked>`
    select mf.membership_id, mf.group_id, gm.member_person_id as person_id, mf.policy_id, mf.facts, mf.grace_kind, mf.grace_ends_at,
      mf.grace_why, mf.hold_id, gm.disabled_at,
      (h.id is not null and h.released_at is null and h.discarded_at is null) as hold_open
    from membership_facts mf join group_memberships gm on gm.id = mf.membership_id
    left join governance_holds h on h.id = mf.hold_id
    where mf.membership_id = any(${ids}::bigint[]) and gm.member_person_id is not null
      and (gm.disabled_at is null or gm.disabled_at > ${uow.now})
    order by mf.membership_id
    for update of mf`.execute(uow.db);
  return rows.map((r) => ({
    ...r,
    membership_id: Number(r.membership_id),
    group_id: Number(r.group_id),
    person_id: Number(r.person_id),
    policy_id: Number(r.policy_id),
  }));
}

/** The step of each locked membership, decided on today's facts read in this transaction. */
async function decide(uow: UnitOfWork, rows: Locked[], policies: Map<number, GracePolicy>): Promise<Decision[]> {
  const out: Decision[] = [];
  const byPolicy = Map.groupBy(
    rows.filter((r) => !r.hold_open && policies.has(r.policy_id)),
    (r) => r.policy_id,
  );
  for (const [policyId, group] of byPolicy) {
    const policy = policies.get(policyId)!;
    const facts = await currentFacts(
      uow.db,
      group.map((r) => r.person_id),
      {
        now: uow.now,
        supportingGroupIds: policy.checks.supportingGroupIds,
        ...(policy.checks.employmentKinds ? { employmentKinds: policy.checks.employmentKinds } : {}),
      },
    );
    for (const row of group) {
      const today = facts.get(row.person_id);
      if (!today) continue;
      const change = classifyChange(row.facts, today, policy.checks);
      const running = row.grace_kind && row.grace_ends_at ? { kind: row.grace_kind, endsAt: row.grace_ends_at } : null;
      const step = graceStep(running, change, uow.now, (k) => graceDays(policy.grace, policy.level, k));
      if (step.action !== 'none') out.push({ row, policy, today, step });
    }
  }
  return out;
}

/** The people told of a decision: the seed's table for a new grace, those told before for a cleared one. */
async function partiesOf(
  uow: UnitOfWork,
  d: Decision,
  member: PartyRef | null,
  memo: PartyMemo,
  owners: Map<number, PartyRef>,
): Promise<(PartyRef & { roles: Notice['roles'] })[]> {
  const db = uow.db;
  if (d.step.action === 'clear') return (d.row.grace_why?.notices ?? []).map(({ mailId: _m, ...p }) => p);
  const oldDept = d.row.facts.department;
  const newDept = d.today.department;
  const delegates = [
    ...(await memo.delegates(db, d.policy.id, oldDept)),
    ...(newDept !== oldDept ? await memo.delegates(db, d.policy.id, newDept) : []),
  ];
  return noticeList(noticesFor(d.step.change.kind), {
    member,
    oldManagers: await memo.managers(db, oldDept),
    newManagers: await memo.managers(db, newDept),
    owner: d.policy.ownerPersonId === null ? null : (owners.get(d.policy.ownerPersonId) ?? null),
    delegates,
  });
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The grace state a decision leaves, its end for the membership, and the history event. */
function outcome(d: Decision, now: Date, names: Map<number, string>) {
  const s = d.step;
  if (s.action === 'clear') {
    const why = d.row.grace_why;
    const previousEnd = why?.previousEnd ? new Date(why.previousEnd) : null;
    const sentence = clearSentence({
      kind: d.row.grace_kind!,
      endsAt: new Date(why?.membershipEndsAt ?? d.row.grace_ends_at!),
      seenAt: now,
      previousEnd,
    });
    return { why: null, end: previousEnd, sentence, event: 'grace-cleared', mail: GRACE_EVENTS.cleared };
  }
  const previous = s.action === 'start' ? iso(d.row.disabled_at) : (d.row.grace_why?.previousEnd ?? null);
  const end = membershipEnd(previous === null ? null : new Date(previous), s.endsAt);
  const sentence = graceSentence({
    change: s.change,
    level: d.policy.level,
    days: s.days,
    seenAt: now,
    endsAt: s.endsAt,
    groupNames: names,
  });
  const ended = end.getTime() <= now.getTime();
  const why: GraceWhy = {
    kind: s.change.kind,
    fact: s.change.fact,
    from: s.change.from,
    to: s.change.to,
    seenAt: now.toISOString(),
    endsAt: s.endsAt.toISOString(),
    membershipEndsAt: end.toISOString(),
    previousEnd: previous,
    rule: { policyId: d.policy.id, policy: d.policy.name, level: d.policy.level, kind: s.change.kind, days: s.days },
    step: s.action,
    sentence,
    atGrant: d.row.facts,
    seen: d.today,
    notices: [],
  };
  const event = ended ? 'grace-ended' : s.action === 'start' ? 'grace-started' : `grace-${s.action}d`;
  return { why, end, sentence, event, mail: ended ? GRACE_EVENTS.ended : GRACE_EVENTS.started };
}

const ACTIONS: Record<string, string> = {
  'grace-started': 'governance.grace.start',
  'grace-ended': 'governance.grace.end',
  'grace-escalated': 'governance.grace.escalate',
  'grace-replaced': 'governance.grace.replace',
  'grace-cleared': 'governance.grace.clear',
};

/** Applies the grace rule to the governed memberships `ids` (one batch, one transaction: the caller's `uow`). */
export async function applyBatch(
  uow: UnitOfWork,
  ids: number[],
  policies: Map<number, GracePolicy>,
  links: MailLinks,
  memo: PartyMemo = partyMemo(),
): Promise<ApplyCounts> {
  const counts = emptyCounts();
  await lockGroups(uow.db);
  const rows = await lockRows(uow, ids);
  const decisions = await decide(uow, rows, policies);
  await clearAppliedHolds(uow, rows);
  if (decisions.length === 0) return counts;
  const names = await groupNames(uow.db, [
    ...new Set(decisions.flatMap((d) => [d.row.group_id, ...d.policy.checks.supportingGroupIds])),
  ]);
  const people = await peopleParties(uow.db, [
    ...new Set(
      decisions.flatMap((d) => [d.row.person_id, ...(d.policy.ownerPersonId ? [d.policy.ownerPersonId] : [])]),
    ),
  ]);
  await memo.preload(
    uow.db,
    [...new Set(decisions.flatMap((d) => [d.row.facts.department, d.today.department]))],
    [...new Set(decisions.map((d) => d.policy.id))],
  );
  const planned = [];
  for (const d of decisions) {
    const o = outcome(d, uow.now, names);
    const member = people.get(d.row.person_id) ?? null;
    const built = noticeMails({
      event: o.mail,
      membershipId: d.row.membership_id,
      groupId: d.row.group_id,
      group: names.get(d.row.group_id) ?? `group ${d.row.group_id}`,
      member: member?.name ?? `person ${d.row.person_id}`,
      endsOn: o.why
        ? new Date(o.why.membershipEndsAt)
        : new Date(d.row.grace_why?.membershipEndsAt ?? d.row.grace_ends_at!),
      reason: o.sentence,
      key: uow.now.toISOString(),
      parties: await partiesOf(uow, d, member, memo, people),
      links,
    });
    planned.push({ d, o, built });
  }
  // every notice of the batch in one go
  const queued = new Map(
    (
      await enqueueMany(
        uow,
        planned.flatMap((p) => p.built.mails),
      )
    ).map((q) => [q.dedupeKey, q.id]),
  );
  const facts: GraceRow[] = [];
  const ends: EndChange[] = [];
  for (const { d, o, built } of planned) {
    const notices = built.notices(queued);
    counts.notices += notices.filter((n) => n.mailId !== null).length;
    if (o.why) o.why.notices = notices;
    facts.push({
      membership_id: d.row.membership_id,
      kind: o.why?.kind ?? null,
      ends_at: o.why?.endsAt ?? null,
      why: o.why,
      notified_at: o.why && notices.some((n) => n.mailId !== null) ? uow.now.toISOString() : null,
    });
    ends.push({
      membershipId: d.row.membership_id,
      disabledAt: o.end,
      event: o.event,
      reason: o.sentence,
      action: ACTIONS[o.event],
      data: {
        governance: o.why ?? { cleared: d.row.grace_why, sentence: o.sentence, seenAt: uow.now.toISOString(), notices },
      },
    });
    count(counts, o.event);
  }
  await storeGrace(uow, facts);
  await setMembershipEnds(uow, ends, 'governance.grace');
  return counts;
}

interface GraceRow {
  membership_id: number;
  kind: string | null;
  ends_at: string | null;
  why: GraceWhy | null;
  notified_at: string | null;
}

function count(counts: ApplyCounts, event: string): void {
  if (event === 'grace-started') counts.started += 1;
  else if (event === 'grace-ended') counts.ended += 1;
  else if (event === 'grace-escalated') counts.escalated += 1;
  else if (event === 'grace-replaced') counts.replaced += 1;
  else counts.cleared += 1;
}

async function storeGrace(uow: UnitOfWork, rows: GraceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update membership_facts mf set grace_kind = t.kind, grace_ends_at = t.ends_at, grace_why = t.why,
      grace_notified_at = t.notified_at, hold_id = null, checked_at = ${uow.now}, version = mf.version + 1
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as t(membership_id bigint, kind text, ends_at timestamptz, why jsonb, notified_at timestamptz)
    where mf.membership_id = t.membership_id`.execute(uow.db);
}

/** The batch's memberships that waited in a released hold are done with it, changed or not. */
async function clearAppliedHolds(uow: UnitOfWork, rows: Locked[]): Promise<void> {
  const done = rows.filter((r) => r.hold_id !== null && !r.hold_open).map((r) => r.membership_id);
  if (done.length === 0) return;
  await uow.db.updateTable('membership_facts').set({ hold_id: null }).where('membership_id', 'in', done).execute();
}
