import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { TreeNode, TreeQuery, UnitPage, UnitPeoplePage, UnitPeopleQuery, UnitSearchQuery } from './org-schemas.ts';
import { depthOf, nest } from './org-tree.ts';
import { loadUnit, summaryOf } from './unit-store.ts';
import { isoDate } from '../platform/dates.ts';

const slashes = sql<number>`length(path) - length(replace(path, '/', ''))`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Reading the tree cheaply: every subtree filter is one indexed prefix match on the path. */
export function createUnitQueries(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function listUnits(actor: Actor, search: UnitSearchQuery): Promise<UnitPage> {
    authorise(actor, 'orgs:read');
    const date = isoDate(clock.now());
    let q = db.selectFrom('org_units');
    if (search.code) q = q.where('code', '=', search.code);
    if (search.kind) q = q.where('kind', '=', search.kind);
    if (search.under) q = q.where('path', 'like', `${(await loadUnit(db, search.under)).path}%`);
    if (search.validOn) {
      const on = search.validOn;
      q = q.where(
        sql<boolean>`(valid_from is null or valid_from <= ${on}) and (valid_to is null or valid_to >= ${on})`,
      );
    }
    if (search.q?.trim()) {
      const like = `%${escapeLike(search.q.trim())}%`;
      q = q.where(
        sql<boolean>`(name ilike ${like} or code ilike ${like} or abbreviation ilike ${like} or exists (select 1 from jsonb_array_elements_text(alt_names) as alt(n) where alt.n ilike ${like}))`,
      );
    }
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .limit(search.limit ?? 50)
      .offset(search.offset ?? 0)
      .execute();
    return {
      total: total.n,
      items: rows.map((r) => ({ ...summaryOf(r, date), parentId: r.parent_id, path: r.path })),
    };
  }

  /** The tree under `root` (or under every root), `depth` levels deep, for browsing. */
  async function tree(actor: Actor, options: TreeQuery): Promise<TreeNode[]> {
    authorise(actor, 'orgs:read');
    const date = isoDate(clock.now());
    const root = options.root ? await loadUnit(db, options.root) : null;
    const baseDepth = root ? depthOf(root.path) : 0;
    let q = db
      .selectFrom('org_units')
      .selectAll()
      .select((eb) =>
        eb
          .selectFrom('org_units as c')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('c.parent_id', '=', 'org_units.id')
          .as('child_count'),
      );
    if (root) q = q.where('path', 'like', `${root.path}%`);
    if (options.depth !== undefined) q = q.where(slashes, '<=', baseDepth + options.depth + 2);
    if (options.currentOnly)
      q = q.where(
        sql<boolean>`(valid_from is null or valid_from <= ${date}) and (valid_to is null or valid_to >= ${date})`,
      );
    const rows = await q.orderBy('name').orderBy('id').execute();
    const nodes = rows.map((r) => ({
      ...summaryOf(r, date),
      parentId: r.parent_id,
      path: r.path,
      childCount: r.child_count ?? 0,
    }));
    const rootIds = root ? [root.id] : nodes.filter((n) => n.parentId === null).map((n) => n.id);
    return nest(nodes, rootIds);
  }

  /** People with an affiliation valid today to the unit (or, with `subtree`, anywhere below it), by name. */
  async function people(actor: Actor, orgId: number, options: UnitPeopleQuery): Promise<UnitPeoplePage> {
    authorise(actor, 'people:read');
    authorise(actor, 'orgs:read');
    const date = isoDate(clock.now());
    const unit = await loadUnit(db, orgId);
    let base = db
      .selectFrom('affiliations as a')
      .innerJoin('org_units as u', 'u.id', 'a.org_id')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .where('p.state', '=', 'active')
      .where(
        sql<boolean>`(a.valid_from is null or a.valid_from <= ${date}) and (a.valid_to is null or a.valid_to >= ${date})`,
      );
    base = options.subtree ? base.where('u.path', 'like', `${unit.path}%`) : base.where('a.org_id', '=', orgId);
    const total = await base.select(sql<number>`count(distinct a.person_id)`.as('n')).executeTakeFirstOrThrow();
    const page = await base
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.preferred_name'])
      .distinct()
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('p.id')
      .limit(options.limit ?? 50)
      .offset(options.offset ?? 0)
      .execute();
    const ids = page.map((p) => p.id);
    const affiliations = ids.length
      ? await base
          .select([
            'a.id',
            'a.person_id',
            'a.org_id',
            'u.code',
            'u.name',
            'a.kind',
            'a.title',
            'a.valid_from',
            'a.valid_to',
          ])
          .where('a.person_id', 'in', ids)
          .orderBy('a.id')
          .execute()
      : [];
    return {
      total: total.n,
      items: page.map((p) => ({
        id: p.id,
        givenName: p.given_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
        affiliations: affiliations
          .filter((a) => a.person_id === p.id)
          .map((a) => ({
            id: a.id,
            orgId: a.org_id,
            orgCode: a.code,
            orgName: a.name,
            kind: a.kind,
            title: a.title,
            validFrom: a.valid_from,
            validTo: a.valid_to,
          })),
      })),
    };
  }

  return { listUnits, tree, people };
}
