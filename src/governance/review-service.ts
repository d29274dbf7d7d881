import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { actorPrivileges, personOfActor } from '../groups/group-access.ts';
import type { MailLinks } from './review-mail.ts';
import { type CampaignSpec, openCampaign } from './review-open-apply.ts';
import { mayManageCampaign, mayStartCampaign, type StartFacts, worklistReviewer } from './review-policy.ts';
import { itemView, worklistPage } from './review-query.ts';
import { campaignProblems } from './review-rules.ts';
import type {
  CampaignInput,
  CampaignSummaryView,
  CampaignView,
  ItemsPageView,
  ItemsQueryInput,
  ItemView,
} from './review-schemas.ts';
import { resolveScope, type ScopeRef } from './review-scope-store.ts';
import { campaignFacts, campaignView, loadCampaignRow, personName, readableCampaign } from './review-store.ts';

/**
 * Access review campaigns (attestation): starting one over an application, a group or a folder, listing and reading
 * them, and the reviewer's worklist. Decisions are in review-decision-service.ts, closing and the deadline job in
 * review-close-service.ts, the report in review-report-service.ts.
 */
export function createReviewService(deps: ServiceDeps, links: MailLinks = {}) {
  const { db, clock } = deps;

  async function startFacts(actor: Actor, scope: ScopeRef, now: Date): Promise<StartFacts> {
    switch (scope.kind) {
      case 'group':
        return {
          adminOnTarget: (await actorPrivileges(db, actor, { groupId: scope.id }, now)).has('admin'),
          applicationOwner: false,
        };
      case 'folder':
        return {
          adminOnTarget: (await actorPrivileges(db, actor, { folderId: scope.id }, now)).has('admin'),
          applicationOwner: false,
        };
      case 'application': {
        const personId = await personOfActor(db, actor);
        const ownsPolicy =
          personId !== null &&
          !!(await db
            .selectFrom('governance_policies as gp')
            .innerJoin('access_roles as r', 'r.id', 'gp.role_id')
            .select('gp.id')
            .where('r.application_id', '=', scope.id)
            .where('gp.owner_person_id', '=', personId)
            .executeTakeFirst());
        return { adminOnTarget: false, applicationOwner: can(actor, 'access:configure') || ownsPolicy };
      }
      default: {
        const unknown: never = scope.kind;
        throw new Error(`unknown scope ${String(unknown)}`);
      }
    }
  }

  /** Refuses people and org units that do not exist, naming the field. */
  async function assertExist(owner: number, reviewers: CampaignSpec['reviewers']): Promise<void> {
    const personIds = [owner, ...reviewers.map((r) => r.personId)];
    const orgIds = reviewers.flatMap((r) => (r.orgId === null ? [] : [r.orgId]));
    const people = new Set(
      (
        await db.selectFrom('people').select('id').where('id', 'in', personIds).where('state', '=', 'active').execute()
      ).map((p) => Number(p.id)),
    );
    const orgs = new Set(
      orgIds.length
        ? (await db.selectFrom('org_units').select('id').where('id', 'in', orgIds).execute()).map((o) => Number(o.id))
        : [],
    );
    const problems = [
      ...(people.has(owner)
        ? []
        : [{ field: '/ownerPersonId', rule: 'exists', message: `person ${owner} does not exist` }]),
      ...reviewers.flatMap((r, i) => [
        ...(people.has(r.personId)
          ? []
          : [{ field: `/reviewers/${i}/personId`, rule: 'exists', message: `person ${r.personId} does not exist` }]),
        ...(r.orgId === null || orgs.has(r.orgId)
          ? []
          : [{ field: `/reviewers/${i}/orgId`, rule: 'exists', message: `org unit ${r.orgId} does not exist` }]),
      ]),
    ];
    assertNoProblems(problems);
  }

  async function create(actor: Actor, input: CampaignInput): Promise<CampaignView> {
    const now = clock.now();
    const scope = await resolveScope(db, input.scope);
    if (!mayStartCampaign(actor, await startFacts(actor, scope, now)))
      throw forbidden(
        `${actor.name} may not start an access review of the ${scope.kind} ${scope.name}: it takes a system administrator, ${scope.kind === 'application' ? "the application's owner" : `admin on the ${scope.kind}`}`,
      );
    const spec: Omit<CampaignSpec, 'ownerPersonId'> = {
      name: input.name,
      label: input.label ?? '',
      scope,
      splitBy: input.splitBy ?? 'none',
      divisionKinds: input.divisionKinds ?? ['division', 'faculty'],
      reviewers: (input.reviewers ?? []).map((r) => ({ orgId: r.orgId ?? null, personId: r.personId })),
      deadline: new Date(input.deadline),
      remindDays: input.remindDays ?? [7, 1],
      undecided: input.undecided ?? 'keep',
      everyMonths: input.everyMonths ?? null,
      previousId: null,
    };
    assertNoProblems(campaignProblems(spec, now));
    const ownerPersonId = input.ownerPersonId ?? (await personOfActor(db, actor));
    if (ownerPersonId === null)
      throw invalid(
        '/ownerPersonId',
        'required',
        `name the campaign's owner (the fallback reviewer): ${actor.name} is not linked to a person`,
      );
    await assertExist(ownerPersonId, spec.reviewers);
    return write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('review_campaigns')
        .select('id')
        .where('name', '=', spec.name)
        .executeTakeFirst();
      if (taken)
        throw conflict(`an access review named ${spec.name} exists (${taken.id})`, { field: '/name', rule: 'unique' });
      const { id } = await openCampaign(uow, { ...spec, ownerPersonId }, links);
      const row = await loadCampaignRow(uow.db, id);
      return campaignView(uow.db, actor, row, await campaignFacts(uow.db, actor, row));
    });
  }

  /** The campaigns the caller owns or reviews in (every one for system administrators and auditors). */
  async function list(actor: Actor, filter: { state?: 'open' | 'closed' } = {}): Promise<CampaignSummaryView[]> {
    const personId = await personOfActor(db, actor);
    const all = can(actor, 'groups:manage') || can(actor, 'groups:read');
    const { rows } = await sql<{
      id: number;
      name: string;
      label: string;
      scope: { kind: string; id: number };
      deadline: Date;
      state: string;
      closing_at: Date | null;
      owner_person_id: number | null;
      owner_name: string | null;
      total: number;
      decided: number;
      mine: number;
      mine_undecided: number;
    }>`
      select c.id, c.name, c.label, c.scope, c.deadline, c.state, c.closing_at, c.owner_person_id, ${personName} as owner_name,
             n.total, n.decided, n.mine, n.mine_undecided
      from review_campaigns c left join people p on p.id = c.owner_person_id
      cross join lateral (select count(*)::int as total, count(i.decision)::int as decided,
                                 count(*) filter (where i.reviewer_person_id = ${personId}::bigint)::int as mine,
                                 count(*) filter (where i.reviewer_person_id = ${personId}::bigint and i.decision is null)::int as mine_undecided
                          from review_items i where i.campaign_id = c.id) n
      where (${all} or c.owner_person_id = ${personId}::bigint or n.mine > 0
             or exists (select 1 from review_reviewers r where r.campaign_id = c.id and r.person_id = ${personId}::bigint))
        and ${filter.state ? sql`c.state = ${filter.state}` : sql`true`}
      order by c.deadline desc, c.id desc`.execute(db);
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      label: r.label,
      scope: { kind: r.scope.kind, id: r.scope.id },
      deadline: r.deadline.toISOString(),
      state: r.state === 'open' && r.closing_at !== null ? 'closing' : r.state,
      owner: r.owner_person_id === null ? null : { personId: Number(r.owner_person_id), name: r.owner_name ?? '' },
      counts: { total: r.total, decided: r.decided, undecided: r.total - r.decided },
      mine: { total: r.mine, undecided: r.mine_undecided },
    }));
  }

  async function get(actor: Actor, id: number): Promise<CampaignView> {
    const { row, facts } = await readableCampaign(db, actor, id);
    return campaignView(db, actor, row, facts);
  }

  /** The worklist: the caller's items by default, filtered, sorted and paged. */
  async function items(actor: Actor, id: number, query: ItemsQueryInput = {}): Promise<ItemsPageView> {
    const { row, facts } = await readableCampaign(db, actor, id);
    const choice = worklistReviewer(actor, facts, query.reviewer);
    if ('refused' in choice) throw forbidden(choice.refused);
    return worklistPage(
      db,
      row.id,
      { ...query, reviewer: choice.reviewer },
      {
        sort: query.sort ?? 'person',
        order: query.order ?? 'asc',
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      },
      clock.now(),
    );
  }

  async function item(actor: Actor, id: number, itemId: number): Promise<ItemView> {
    const { row, facts } = await readableCampaign(db, actor, id);
    const view = await itemView(db, row.id, itemId, clock.now());
    if (!view) throw notFound('review item', itemId);
    const wide = mayManageCampaign(actor, facts) || can(actor, 'groups:read');
    if (!wide && view.reviewer?.personId !== facts.personId)
      throw forbidden(`item ${itemId} is reviewed by ${view.reviewer?.name ?? 'someone else'}`);
    return view;
  }

  return { create, list, get, items, item };
}
