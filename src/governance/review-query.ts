import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import { membershipStatus } from './review-rules.ts';
import type { ItemsPageView, ItemView } from './review-schemas.ts';

/**
 * The reviewer's worklist in SQL: the filter (whose items, decided or not, changed since grant, group, department
 * now, text in the member's or group's name) over `review_items i` joined with `people p` and `groups g`, one page
 * in the order asked with the counts beside it, and items as the API shows them. The `changed` facts were worked
 * out by the pure rule when the campaign opened and are stored with the item, so the filter only reads them.
 */
type Db = Kysely<DB>;

export interface WorklistFilter {
  /** One reviewer's items, or everyone's (null). */
  reviewer: number | null;
  decided?: boolean;
  changed?: boolean;
  groupId?: number;
  department?: string;
  q?: string;
}

export type SortKey = 'person' | 'group' | 'department' | 'added' | 'expiry' | 'decided';

/** The filter as a condition on `i`, `p`, `g`; `withDecided` false leaves the decided filter out (for the counts). */
export function filterSql(campaignId: number, f: WorklistFilter, withDecided = true): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`i.campaign_id = ${campaignId}`];
  if (f.reviewer !== null) parts.push(sql`i.reviewer_person_id = ${f.reviewer}`);
  if (withDecided && f.decided !== undefined)
    parts.push(f.decided ? sql`i.decision is not null` : sql`i.decision is null`);
  if (f.changed !== undefined) parts.push(f.changed ? sql`i.changed <> '[]'::jsonb` : sql`i.changed = '[]'::jsonb`);
  if (f.groupId !== undefined) parts.push(sql`i.group_id = ${f.groupId}`);
  if (f.department !== undefined) parts.push(sql`i.now_facts ->> 'department' = ${f.department}`);
  if (f.q !== undefined) {
    const q = f.q.trim().toLowerCase();
    parts.push(
      sql`(strpos(lower(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name), ${q}) > 0 or strpos(lower(p.given_name || ' ' || p.family_name), ${q}) > 0 or strpos(lower(g.name), ${q}) > 0)`,
    );
  }
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** The columns each sort orders by (constant SQL), then the item id. */
const sorts: Record<SortKey, string[]> = {
  person: ['lower(p.family_name)', 'lower(coalesce(p.preferred_name, p.given_name))'],
  group: ['g.name'],
  department: ["i.now_facts ->> 'department'"],
  added: ['i.added_at'],
  expiry: ['m.disabled_at'],
  decided: ['i.decided_at'],
};

interface ItemRow {
  id: number;
  campaign_id: number;
  membership_id: number;
  group_id: number;
  group_name: string;
  person_id: number;
  person_name: string;
  reviewer_person_id: number | null;
  reviewer_name: string | null;
  escalated_from: number | null;
  org_id: number | null;
  org_code: string | null;
  access: string[];
  via: { id: number; name: string }[];
  then_facts: EligibilityFacts | null;
  now_facts: EligibilityFacts;
  changed: string[];
  m_id: number | null;
  enabled_from: Date | null;
  disabled_at: Date | null;
  added_at: Date | null;
  added_by: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  reason: string | null;
  ticket: string | null;
  decision: ItemView['decision'];
  end_date: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  applied_at: Date | null;
  outcome: string | null;
  version: number;
}

const itemSelect = sql`
  select i.id, i.campaign_id, i.membership_id, i.group_id, g.name as group_name, i.person_id,
         coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as person_name,
         i.reviewer_person_id, coalesce(r.preferred_name, r.given_name) || ' ' || r.family_name as reviewer_name,
         i.escalated_from, i.org_id, o.code as org_code, i.access, i.via, i.then_facts, i.now_facts, i.changed,
         m.id as m_id, m.enabled_from, m.disabled_at, i.added_at, i.added_by, i.approved_at, i.approved_by, i.reason, i.ticket,
         i.decision, i.end_date, i.comment, i.decided_by, i.decided_at, i.applied_at, i.outcome, i.version
  from review_items i join people p on p.id = i.person_id join groups g on g.id = i.group_id
  left join people r on r.id = i.reviewer_person_id left join org_units o on o.id = i.org_id
  left join group_memberships m on m.id = i.membership_id`;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function toView(r: ItemRow, now: Date): ItemView {
  return {
    id: Number(r.id),
    campaignId: Number(r.campaign_id),
    membershipId: Number(r.membership_id),
    group: { id: Number(r.group_id), name: r.group_name },
    person: { personId: Number(r.person_id), name: r.person_name },
    reviewer:
      r.reviewer_person_id === null ? null : { personId: Number(r.reviewer_person_id), name: r.reviewer_name ?? '' },
    escalatedFrom: r.escalated_from === null ? null : Number(r.escalated_from),
    org: r.org_id === null ? null : { id: Number(r.org_id), code: r.org_code ?? '' },
    access: r.access,
    via: r.via,
    then: r.then_facts,
    now: r.now_facts,
    changed: r.changed,
    status: membershipStatus(r.m_id === null ? null : { from: r.enabled_from, until: r.disabled_at }, now),
    addedAt: iso(r.added_at),
    addedBy: r.added_by,
    approvedAt: iso(r.approved_at),
    approvedBy: r.approved_by,
    reason: r.reason,
    ticket: r.ticket,
    endsAt: iso(r.disabled_at),
    decision: r.decision,
    endDate: r.end_date,
    comment: r.comment,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    appliedAt: iso(r.applied_at),
    outcome: r.outcome,
    version: r.version,
  };
}

/** One item of a campaign as the API shows it, or undefined. */
export async function itemView(db: Db, campaignId: number, itemId: number, now: Date): Promise<ItemView | undefined> {
  const { rows } = await sql<ItemRow>`${itemSelect} where i.campaign_id = ${campaignId} and i.id = ${itemId}`.execute(
    db,
  );
  return rows[0] && toView(rows[0], now);
}

export interface PageRequest {
  sort: SortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A page of the worklist with the counts: matching every filter, and decided / undecided under the others. */
export async function worklistPage(
  db: Db,
  campaignId: number,
  f: WorklistFilter,
  page: PageRequest,
  now: Date,
): Promise<ItemsPageView> {
  const dir = page.order === 'desc' ? sql`desc nulls last` : sql`asc nulls last`;
  const sortBy = sql.join(sorts[page.sort].map((column) => sql`${sql.raw(column)} ${dir}`));
  const [items, counts] = await Promise.all([
    sql<ItemRow>`${itemSelect} where ${filterSql(campaignId, f)}
      order by ${sortBy}, i.id ${page.order === 'desc' ? sql`desc` : sql`asc`} limit ${page.limit} offset ${page.offset}`.execute(
      db,
    ),
    sql<{ total: number; decided: number; undecided: number }>`
      select count(*) filter (where ${filterSql(campaignId, f)})::int as total,
             count(*) filter (where i.decision is not null)::int as decided, count(*) filter (where i.decision is null)::int as undecided
      from review_items i join people p on p.id = i.person_id join groups g on g.id = i.group_id
      where ${filterSql(campaignId, f, false)}`.execute(db),
  ]);
  const c = counts.rows[0];
  return {
    total: Number(c.total),
    decided: Number(c.decided),
    undecided: Number(c.undecided),
    limit: page.limit,
    offset: page.offset,
    items: items.rows.map((r) => toView(r, now)),
  };
}
