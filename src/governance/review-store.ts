import { type Kysely, type Selectable, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ReviewCampaignsTable } from '../platform/db/governance-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { forbidden, notFound } from '../platform/errors.ts';
import { personOfActor } from '../groups/group-access.ts';
import { type CampaignFacts, campaignAbilities, mayReadCampaign } from './review-policy.ts';
import type { CampaignView } from './review-schemas.ts';

/** Reading campaigns: the row, the facts the review policy decides on, and the campaign as the API shows it. */
type Db = Kysely<DB>;
export type CampaignRow = Selectable<ReviewCampaignsTable>;

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
export const personName = sql<string>`coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name`;

export async function loadCampaignRow(db: Db, id: number, lock = false): Promise<CampaignRow> {
  const row = await db
    .selectFrom('review_campaigns')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound('review campaign', id);
  return row;
}

/** The actor's person, whether they own the campaign, and whether they review in it. */
export async function campaignFacts(db: Db, actor: Actor, row: CampaignRow): Promise<CampaignFacts> {
  const personId = await personOfActor(db, actor);
  let reviewer = false;
  if (personId !== null) {
    const { rows } = await sql<{ yes: boolean }>`
      select exists (select 1 from review_reviewers where campaign_id = ${row.id} and person_id = ${personId})
          or exists (select 1 from review_items where campaign_id = ${row.id} and reviewer_person_id = ${personId}) as yes`.execute(
      db,
    );
    reviewer = rows[0].yes;
  }
  return { personId, ownerPersonId: row.owner_person_id, reviewer };
}

/** Loads a campaign the actor may read (403 for an outsider). */
export async function readableCampaign(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ row: CampaignRow; facts: CampaignFacts }> {
  const row = await loadCampaignRow(db, id);
  const facts = await campaignFacts(db, actor, row);
  if (!mayReadCampaign(actor, facts))
    throw forbidden(`${actor.name} is neither the owner nor a reviewer of the access review ${row.name}`);
  return { row, facts };
}

export function campaignState(row: CampaignRow): CampaignView['state'] {
  return row.state === 'closed' ? 'closed' : row.closing_at !== null ? 'closing' : 'open';
}

async function scopeName(db: Db, kind: string, id: number): Promise<string> {
  const table = kind === 'application' ? 'access_applications' : kind === 'group' ? 'groups' : 'group_folders';
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} where id = ${id}`.execute(db);
  return rows[0]?.name ?? `(${kind} ${id} deleted)`;
}

export async function campaignView(
  db: Db,
  actor: Actor,
  row: CampaignRow,
  facts: CampaignFacts,
): Promise<CampaignView> {
  const groupIds = row.scope.groupIds ?? [];
  const [groups, reviewers, counts, owner, next] = await Promise.all([
    groupIds.length
      ? db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).orderBy('name').execute()
      : [],
    db
      .selectFrom('review_reviewers as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .leftJoin('org_units as o', 'o.id', 'r.org_id')
      .select(['r.org_id', 'o.code', 'r.person_id', personName.as('name')])
      .where('r.campaign_id', '=', row.id)
      .orderBy('o.code')
      .execute(),
    db
      .selectFrom('review_items')
      .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('decision').as('decided')])
      .where('campaign_id', '=', row.id)
      .executeTakeFirstOrThrow(),
    row.owner_person_id === null
      ? undefined
      : db
          .selectFrom('people as p')
          .select(['p.id', personName.as('name')])
          .where('p.id', '=', row.owner_person_id)
          .executeTakeFirst(),
    db.selectFrom('review_campaigns').select('id').where('previous_id', '=', row.id).executeTakeFirst(),
  ]);
  const total = Number(counts.total);
  const decided = Number(counts.decided);
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    scope: {
      kind: row.scope.kind,
      id: row.scope.id,
      name: await scopeName(db, row.scope.kind, row.scope.id),
      groups: groups.map((g) => ({ id: Number(g.id), name: g.name })),
    },
    splitBy: row.split_by,
    divisionKinds: row.division_kinds,
    deadline: row.deadline.toISOString(),
    remindDays: row.remind_days,
    undecided: row.undecided,
    everyMonths: row.every_months,
    state: campaignState(row),
    owner: owner ? { personId: Number(owner.id), name: owner.name } : null,
    reviewers: reviewers.map((r) => ({
      orgId: r.org_id,
      orgCode: r.code,
      personId: Number(r.person_id),
      name: r.name,
    })),
    previousId: row.previous_id,
    nextId: next ? Number(next.id) : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    escalatedAt: iso(row.escalated_at),
    closedAt: iso(row.closed_at),
    counts: { total, decided, undecided: total - decided },
    abilities: campaignAbilities(actor, facts, campaignState(row) === 'open'),
    version: row.version,
  };
}
