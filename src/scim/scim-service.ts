import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { externalIdSource } from './scim-client-rules.ts';
import { isoDate } from '../platform/dates.ts';
import type { DB } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { activeSql, employeeNumberSql, externalIdSql, userNameSql, userResolver } from './scim-attributes.ts';
import { ScimError } from './scim-errors.ts';
import { filterToSql } from './scim-filter-sql.ts';
import { parseScimFilter } from './scim-filter-rules.ts';
import type { ScimPersonRow } from './scim-person-row.ts';
import { type ScimPersonExtras, toScimUser } from './scim-user-map.ts';
import { type PageRequest, sortSql } from './scim-paging.ts';
import { currentSql, scimScope, scopeSql, writtenBySql } from './scim-scope.ts';
import { createScimGroupService } from './scim-groups.ts';
import { createScimRootSearch } from './scim-root-search.ts';

function peopleQuery(db: Kysely<DB>, today: string) {
  return db
    .selectFrom('people as p')
    .select([
      'p.id',
      'p.given_name',
      'p.middle_name',
      'p.family_name',
      'p.preferred_name',
      'p.emails',
      'p.phones',
      'p.created_at',
      'p.updated_at',
      'p.version',
      userNameSql.as('user_name'),
      activeSql(today).as('active'),
      employeeNumberSql.as('employee_number'),
    ])
    .where('p.state', '=', 'active');
}

type PeopleRow = Awaited<ReturnType<ReturnType<typeof peopleQuery>['execute']>>[number];

const toRow = (r: PeopleRow): ScimPersonRow => ({
  id: Number(r.id),
  userName: r.user_name,
  givenName: r.given_name,
  middleName: r.middle_name,
  familyName: r.family_name,
  preferredName: r.preferred_name,
  emails: r.emails,
  phones: r.phones,
  active: Boolean(r.active),
  created: new Date(r.created_at as Date),
  lastModified: new Date(r.updated_at as Date),
  version: r.version,
  employeeNumber: r.employee_number,
});

/** Users read through SCIM (RFC 7644 §3.4): one, or a filtered, sorted page; scoped readers see their subtrees. */
export function createScimService(deps: ServiceDeps) {
  const { db, clock } = deps;

  /** The people matching `filter` visible to the actor, in `sortBy` order, one page of them, and how many match. */
  async function searchUsers(actor: Actor, page: PageRequest): Promise<{ total: number; rows: ScimPersonRow[] }> {
    const scope = scimScope(actor);
    const today = isoDate(clock.now());
    const resolve = userResolver(externalIdSource(actor));
    const condition = page.filter ? filterToSql(parseScimFilter(page.filter), today, resolve) : sql<boolean>`true`;
    const matching = db
      .selectFrom('people as p')
      .select('p.id')
      .where('p.state', '=', 'active')
      .where(sql<boolean>`(${scopeSql(scope, today)} or ${writtenBySql(actor)})`)
      .where(condition);
    // The page's ids apart from their rows, so the rows a deep startIndex skips never compute their derived values.
    const pageIds = async () =>
      page.count === 0
        ? []
        : matching
            .orderBy(sortSql(page.sortBy, page.sortOrder, today, resolve))
            .orderBy('p.id')
            .offset(page.startIndex - 1)
            .limit(page.count)
            .execute();
    const count = async () =>
      Number(
        (
          await db
            .selectFrom(matching.as('m'))
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    let ids: { id: number }[];
    let total: number;
    if (page.filter) {
      // A filter is mostly selective: a first page that is not full, or any page that is not full and not past the
      // end, says how many match without counting.
      ids = await pageIds();
      const counted = ids.length < page.count && (ids.length > 0 || page.startIndex === 1);
      total = counted ? page.startIndex - 1 + ids.length : await count();
    } else [total, ids] = await Promise.all([count(), pageIds()]);
    if (!ids.length) return { total, rows: [] };
    return { total, rows: await usersByIds(ids.map((r) => Number(r.id))) };
  }

  /** People by id as rows, in the order given (ids not found are left out). */
  async function usersByIds(ids: number[]): Promise<ScimPersonRow[]> {
    if (!ids.length) return [];
    const found = await peopleQuery(db, isoDate(clock.now())).where('p.id', 'in', ids).execute();
    const byId = new Map(found.map((r) => [Number(r.id), toRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async function getUser(actor: Actor, id: string): Promise<ScimPersonRow> {
    const scope = scimScope(actor);
    const today = isoDate(clock.now());
    const found = /^[1-9]\d{0,15}$/.test(id)
      ? await peopleQuery(db, today)
          .where('p.id', '=', Number(id))
          .where(sql<boolean>`(${scopeSql(scope, today)} or ${writtenBySql(actor)})`)
          .executeTakeFirst()
      : undefined;
    if (!found) throw new ScimError(404, `User ${id} not found`);
    return toRow(found);
  }

  /**
   * The User of the authenticated subject (RFC 7644 §3.11): the person the token's account is linked to, whatever
   * the reader's scope (it is the reader itself). No account, no linked person or a person no longer active: 404.
   */
  async function getMe(actor: Actor): Promise<ScimPersonRow> {
    scimScope(actor);
    const account =
      actor.kind === 'user' && actor.id !== null
        ? await db.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst()
        : undefined;
    const found = account?.person_id
      ? await peopleQuery(db, isoDate(clock.now())).where('p.id', '=', Number(account.person_id)).executeTakeFirst()
      : undefined;
    if (!found) throw new ScimError(404, `the authenticated subject (${actor.name}) has no User resource`);
    return toRow(found);
  }

  /** The Steward-extension facts of some people, for showing them. */
  async function extrasOf(ids: number[]): Promise<Map<number, ScimPersonExtras>> {
    const out = new Map<number, ScimPersonExtras>(
      ids.map((id) => [id, { identifiers: [], affiliations: [], statuses: [], organization: null }]),
    );
    if (!ids.length) return out;
    const today = isoDate(clock.now());
    const [identifiers, affiliations, statuses] = await Promise.all([
      db
        .selectFrom('identifiers')
        .select(['person_id', 'kind', 'scope', 'value'])
        .where('person_id', 'in', ids)
        .orderBy('kind')
        .orderBy('scope')
        .orderBy('value')
        .execute(),
      db
        .selectFrom('affiliations as a')
        .innerJoin('org_units as o', 'o.id', 'a.org_id')
        .select(['a.person_id', 'a.kind', 'a.title', 'a.valid_from', 'a.valid_to', 'o.code', 'o.name'])
        .select(
          sql<string | null>`(select t.name from org_units t where t.id = split_part(o.path, '/', 2)::bigint)`.as(
            'top_name',
          ),
        )
        .where('a.person_id', 'in', ids)
        .where(currentSql('a', today))
        .orderBy(sql`a.valid_from nulls first`)
        .orderBy('a.id')
        .execute(),
      db
        .selectFrom('person_statuses as s')
        .innerJoin('status_types as t', 't.id', 's.status_type_id')
        .select(['s.person_id', 't.name', 's.start_date', 's.end_date'])
        .where('s.person_id', 'in', ids)
        .where(
          sql<boolean>`(s.start_date is null or s.start_date <= ${today}::date) and (s.end_date is null or s.end_date >= ${today}::date)`,
        )
        .orderBy('t.rank')
        .orderBy('t.name')
        .execute(),
    ]);
    for (const i of identifiers)
      out.get(Number(i.person_id))!.identifiers.push({ kind: i.kind, scope: i.scope, value: i.value });
    for (const a of affiliations)
      out.get(Number(a.person_id))!.affiliations.push({
        kind: a.kind,
        title: a.title,
        orgCode: a.code,
        orgName: a.name,
        validFrom: a.valid_from,
        validTo: a.valid_to,
      });
    for (const s of statuses)
      out.get(Number(s.person_id))!.statuses.push({ name: s.name, start: s.start_date, end: s.end_date });
    // The organization: the top of the primary (first) affiliation's tree.
    for (const a of [...affiliations].reverse()) out.get(Number(a.person_id))!.organization = a.top_name;
    return out;
  }

  /** People as SCIM Users; a SCIM writer (`reader`) also sees its own `externalId` (the key its source holds). */
  async function usersOf(rows: ScimPersonRow[], base: string, reader?: Actor): Promise<Record<string, unknown>[]> {
    const ids = rows.map((r) => r.id);
    const extras = await extrasOf(ids);
    const external = new Map<number, string>();
    const source = reader ? externalIdSource(reader) : null;
    if (source && ids.length) {
      const { rows: found } = await sql<{ id: number; external_id: string | null }>`
        select p.id, ${externalIdSql(source)} as external_id from people p where p.id = any(${ids}::bigint[])`.execute(
        db,
      );
      for (const f of found) if (f.external_id !== null) external.set(Number(f.id), f.external_id);
    }
    return rows.map((r) => {
      const user = toScimUser(r, extras.get(r.id)!, base);
      return external.has(r.id) ? { ...user, externalId: external.get(r.id) } : user;
    });
  }

  return {
    searchUsers,
    getUser,
    getMe,
    usersOf,
    usersByIds,
    extrasOf,
    searchAll: createScimRootSearch(deps),
    ...createScimGroupService(deps),
  };
}

export type ScimService = ReturnType<typeof createScimService>;
