import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { ChangeKind, EligibilityFacts, SecurityLevel } from '../platform/db/governance-tables.ts';
import { DEFAULT_EMPLOYMENT_KINDS, factsJoin, factsOf } from './facts-store.ts';
import { type GraceChecks, graceChecksOf } from './grace-rules.ts';
import type { GraceWhy } from './grace-store.ts';

/**
 * The grace rule (`classifyChange` in grace-rules.ts) in bulk: for one policy, every governed
 * membership that still counts (or has not ended yet) whose stored facts differ from today's,
 * classified in SQL by the same rule and order of severity, where the kind differs from the
 * grace already running (so a pass over unchanged memberships returns nothing). Today's facts
 * are the facts store's own (`factsOf`). Memberships waiting in an open mass-loss hold are
 * left out. test/governance/reconcile-sql.test.ts compares the classification with the pure
 * rule on random cases on both databases.
 */
type Db = Kysely<DB>;

export interface GracePolicy {
  id: number;
  name: string;
  label: string;
  groupId: number | null;
  level: SecurityLevel;
  grace: Partial<Record<ChangeKind, number>>;
  checks: GraceChecks;
  massLossPercent: number;
  ownerPersonId: number | null;
}

export async function gracePolicies(db: Db): Promise<Map<number, GracePolicy>> {
  const rows = await db.selectFrom('governance_policies').selectAll().orderBy('id').execute();
  return new Map(
    rows.map((p) => [
      p.id,
      {
        id: p.id,
        name: p.name,
        label: p.label,
        groupId: p.group_id,
        level: p.security_level,
        grace: (p.grace ?? {}) as GracePolicy['grace'],
        checks: graceChecksOf(p.checks as Record<string, unknown>),
        massLossPercent: p.mass_loss_percent,
        ownerPersonId: p.owner_person_id,
      },
    ]),
  );
}

/** Which governed memberships a pass looks at: all of them, or those of some people plus released holds' items. */
export type Scope = { all: true } | { personIds: number[]; releasedHolds: number[] };

export interface Candidate {
  membershipId: number;
  groupId: number;
  personId: number;
  policyId: number;
  stored: EligibilityFacts;
  /** Today's facts as far as the policy reads them (statuses and supporting groups only when it requires some). */
  today: EligibilityFacts;
  /** The kind the SQL classified (null: eligible as at grant). */
  kind: ChangeKind | null;
  graceKind: ChangeKind | null;
  graceEndsAt: Date | null;
  graceWhy: GraceWhy | null;
  holdId: number | null;
  /** The membership waits in a hold an administrator released: not counted as a mass loss again. */
  released: boolean;
  disabledAt: Date | null;
}

interface Row {
  membership_id: number;
  group_id: number;
  person_id: number;
  facts: EligibilityFacts;
  statuses: string[] | null;
  department: string | null;
  title: string | null;
  supporting: number[] | null;
  kind: ChangeKind | null;
  grace_kind: ChangeKind | null;
  grace_ends_at: Date | null;
  grace_why: GraceWhy | null;
  hold_id: number | null;
  released: boolean;
  disabled_at: Date | null;
}

/** The classification of `mf` (stored facts) against `t` (today's), as `classifyChange` decides it. */
function kindSql(checks: GraceChecks) {
  const req = sql`${checks.requiredStatuses}::text[]`;
  const sup = sql`${checks.supportingGroupIds}::bigint[]`;
  const storedStatus = sql`(cardinality(${req}) = 0 or coalesce(mf.facts -> 'statuses', '[]'::jsonb) ?| ${req})`;
  const todayStatus = sql`(cardinality(${req}) = 0 or coalesce(t.statuses && ${req}, false))`;
  const statusLost = sql`(${storedStatus} and not ${todayStatus})`;
  const storedSupport = sql`(cardinality(${sup}) = 0 or exists (select 1 from jsonb_array_elements_text(coalesce(mf.facts -> 'supporting', '[]'::jsonb)) as x(g) where x.g::bigint = any(${sup})))`;
  const todaySupport = sql`(cardinality(${sup}) = 0 or coalesce(t.supporting && ${sup}, false))`;
  return sql<ChangeKind | null>`case
    when mf.facts ->> 'department' is not null and t.department is null then 'leaving'
    when ${statusLost} and t.department is null then 'leaving'
    when mf.facts ->> 'department' is not null and t.department <> mf.facts ->> 'department' then 'department'
    when ${statusLost} then 'requirement'
    when ${storedSupport} and not ${todaySupport} then 'requirement'
    when mf.facts ->> 'department' is not null and (mf.facts ->> 'title') is distinct from t.title then 'job'
  end`;
}

/** The governed memberships of `policy` in `scope` whose classification differs from their running grace. */
export async function findChanged(db: Db, policy: GracePolicy, now: Date, scope: Scope): Promise<Candidate[]> {
  const kinds = policy.checks.employmentKinds ?? DEFAULT_EMPLOYMENT_KINDS;
  // only the facts the policy's checks read (a policy without required statuses needs no status lookups);
  // a full pass reads everyone's facts in one pass over each table, a scoped one person by person
  const opts = {
    now,
    kinds: sql`${kinds}::text[]`,
    supporting: policy.checks.supportingGroupIds.length ? sql`${policy.checks.supportingGroupIds}::bigint[]` : null,
    statuses: policy.checks.requiredStatuses.length > 0,
  };
  const person = sql`gm.member_person_id`;
  const facts = 'all' in scope ? factsJoin(person, opts) : sql`cross join lateral ${factsOf(person, opts)} as t`;
  const inScope =
    'all' in scope
      ? sql`true`
      : sql`(gm.member_person_id = any(${scope.personIds}::bigint[]) or mf.hold_id = any(${scope.releasedHolds}::bigint[]))`;
  const { rows } = await sql<Row>`
    select mf.membership_id, mf.group_id, gm.member_person_id as person_id, mf.facts, t.statuses, t.department, t.title, t.supporting,
      c.kind, mf.grace_kind, mf.grace_ends_at, mf.grace_why, mf.hold_id, h.released_at is not null as released, gm.disabled_at
    from membership_facts mf
    join group_memberships gm on gm.id = mf.membership_id
    left join governance_holds h on h.id = mf.hold_id
    ${facts}
    cross join lateral (select ${kindSql(policy.checks)} as kind) as c
    where mf.policy_id = ${policy.id} and ${inScope} and gm.member_person_id is not null
      and (gm.disabled_at is null or gm.disabled_at > ${now})
      and c.kind is distinct from mf.grace_kind
      and (h.id is null or h.released_at is not null or h.discarded_at is not null)`.execute(db);
  rows.sort((a, b) => Number(a.membership_id) - Number(b.membership_id));
  return rows.map((r) => ({
    membershipId: Number(r.membership_id),
    groupId: Number(r.group_id),
    personId: Number(r.person_id),
    policyId: policy.id,
    stored: r.facts,
    today: {
      statuses: r.statuses ?? [],
      department: r.department,
      title: r.title,
      supporting: (r.supporting ?? []).map(Number),
    },
    kind: r.kind,
    graceKind: r.grace_kind,
    graceEndsAt: r.grace_ends_at,
    graceWhy: r.grace_why,
    holdId: r.hold_id === null ? null : Number(r.hold_id),
    released: r.released && r.hold_id !== null,
    disabledAt: r.disabled_at,
  }));
}

/** How many governed memberships of each group still count or have not ended yet (the mass-loss denominator). */
export async function governedCounts(db: Db, groupIds: number[], now: Date): Promise<Map<number, number>> {
  if (groupIds.length === 0) return new Map();
  // the governed rows of each group (an index-only count) less those whose membership has ended (the few with an end)
  const { rows } = await sql<{ group_id: number; n: number }>`
    select a.group_id, (a.n - coalesce(e.n, 0))::int as n
    from (select mf.group_id, count(*) as n from membership_facts mf where mf.group_id = any(${groupIds}::bigint[]) group by mf.group_id) as a
    left join (select mf.group_id, count(*) as n from group_memberships gm join membership_facts mf on mf.membership_id = gm.id
      where gm.disabled_at is not null and gm.disabled_at <= ${now} and mf.group_id = any(${groupIds}::bigint[])
      group by mf.group_id) as e on e.group_id = a.group_id
    where a.n > coalesce(e.n, 0)`.execute(db);
  return new Map(rows.map((r) => [Number(r.group_id), r.n]));
}

/** Released holds whose items the next pass has not applied yet. */
export async function releasedHolds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('governance_holds')
    .select('id')
    .where('released_at', 'is not', null)
    .where('applied_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The people an incremental pass re-checks: those named by change-log entries in (after, head]
 * about people, affiliations, statuses and effective membership of a supporting group; null
 * when an entry can touch anyone (an org unit changed, a policy changed): then the pass is full.
 */
export async function touchedPeople(
  db: Db,
  after: number,
  head: number,
  supportingGroupIds: number[],
): Promise<number[] | null> {
  if (head <= after) return [];
  const wide = await sql<{ n: number }>`
    select count(*)::int as n from change_log where position > ${after} and position <= ${head}
      and entity_type in ('org', 'governance_policy')`.execute(db);
  if (wide.rows[0].n > 0) return null;
  const { rows } = await sql<{ pid: string }>`
    select distinct x.pid from (
      select case when entity_type = 'person' then entity_id else data ->> 'personId' end as pid
      from change_log where position > ${after} and position <= ${head} and entity_type in ('person', 'affiliation', 'person_status')
      union all
      select jsonb_array_elements_text(case when jsonb_typeof(data -> 'personIds') = 'array' then data -> 'personIds' else '[]'::jsonb end)
      from change_log where position > ${after} and position <= ${head} and entity_type = 'group_effective'
        and entity_id = any(${supportingGroupIds.map(String)}::text[])
    ) as x where x.pid ~ '^[0-9]+$'`.execute(db);
  return rows.map((r) => Number(r.pid));
}

/**
 * People whose facts changed by the calendar alone since `lastDay` (an affiliation or status
 * that began or ended, a supporting membership that started or ended), without a change-log
 * entry: read once a day, when the day has changed.
 */
export async function dateTouchedPeople(
  db: Db,
  lastDay: string,
  today: string,
  supportingGroupIds: number[],
): Promise<number[]> {
  if (lastDay >= today) return [];
  const { rows } = await sql<{ person_id: number }>`
    select distinct x.person_id from (
      select person_id from affiliations where (valid_to >= ${lastDay}::date and valid_to < ${today}::date)
        or (valid_from > ${lastDay}::date and valid_from <= ${today}::date)
      union all
      select person_id from person_statuses where (end_date >= ${lastDay}::date and end_date < ${today}::date)
        or (start_date > ${lastDay}::date and start_date <= ${today}::date)
      union all
      select person_id from group_effective_members where group_id = any(${supportingGroupIds}::bigint[])
        and ((valid_until >= ${lastDay}::date and valid_until <= ${today}::date) or (valid_from >= ${lastDay}::date and valid_from <= ${today}::date))
    ) as x where exists (select 1 from group_memberships gm join membership_facts mf on mf.membership_id = gm.id
      where gm.member_person_id = x.person_id)`.execute(db);
  return rows.map((r) => Number(r.person_id));
}
