import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import type { DB } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type Attr, multi, text } from './scim-attributes.ts';
import { externalIdSource, scimClientOf } from './scim-client-rules.ts';
import { groupExternalIdHeldBy, groupExternalIds, groupExternalIdSql } from './scim-group-external-ids.ts';
import { ScimError } from './scim-errors.ts';
import { parseScimFilter, type Resolver } from './scim-filter-rules.ts';
import { filterToSql } from './scim-filter-sql.ts';
import { type PageRequest, sortSql } from './scim-paging.ts';
import { scimDisplayName } from './scim-person-row.ts';
import { CORE_GROUP } from './scim-schemas-doc.ts';
import { scimScope, scopeSql, writtenBySourceSql, writtenBySql } from './scim-scope.ts';
import { weakEtag } from './scim-user-map.ts';

/**
 * Steward groups as SCIM Groups (RFC 7643 §4.2): `displayName` is the group's full name (folder path and extension; a
 * SCIM client sees its own groups under the displayName it gave), `members` its current effective members (nesting,
 * composites and rules flattened to people: what an application grants access by), limited to the people the reader
 * may see.
 */
const currentMember = (now: Date) =>
  sql<boolean>`(m.valid_from is null or m.valid_from <= ${now}) and (m.valid_until is null or m.valid_until > ${now})`;

/** The group attributes a filter or `sortBy` may name, over `groups g`, for one reader at one instant. */
/**
 * The displayName a reader sees: the full name, except that a SCIM client sees the groups in its own folder under the
 * displayName it gave them (kept as their display name), so it finds them again by that name.
 */
const displayNameSql = (own: string) =>
  sql<string>`case when starts_with(g.name, ${`${own}:`}) and g.display_name is not null then g.display_name else g.name end`;

export const shownName = (own: string, g: { name: string; displayName: string | null }) =>
  g.name.startsWith(`${own}:`) && g.displayName !== null ? g.displayName : g.name;

function groupAttributes(now: Date, scope: string[] | null, own: string, source: string | null): Record<string, Attr> {
  const today = isoDate(now);
  const members = sql`(select coalesce(jsonb_agg(jsonb_build_object('value', x.person_id::text) order by x.person_id), '[]'::jsonb) from (select distinct m.person_id from group_effective_members m where m.group_id = g.id and ${currentMember(now)} and (${scopeSql(scope, today, sql`m.person_id`)} or ${writtenBySourceSql(source, sql`m.person_id`)})) x)`;
  return {
    id: text(true, sql`g.id::text`, () => null),
    displayname: text(false, displayNameSql(own), () => null),
    externalid: source
      ? { ...text(true, groupExternalIdSql(source), () => null), candidates: groupExternalIdHeldBy(source) }
      : text(true, sql`null::text`, () => null),
    'meta.created': {
      kind: 'scalar',
      type: 'dateTime',
      caseExact: false,
      sql: () => sql`g.created_at`,
      value: () => null,
    },
    'meta.lastmodified': {
      kind: 'scalar',
      type: 'dateTime',
      caseExact: false,
      sql: () => sql`g.updated_at`,
      value: () => null,
    },
    'meta.resourcetype': text(true, sql`'Group'`, () => null),
    members: multi(members, 'value', () => []),
  };
}

/**
 * What a Group filter or `sortBy` may name, for one reader at one instant: `own` is a SCIM client's folder, `source`
 * the source whose externalIds it reads (a SCIM writer's own; null: externalId is absent).
 */
export const groupResolver = (now: Date, scope: string[] | null, own: string, source: string | null): Resolver =>
  resolver(groupAttributes(now, scope, own, source));

function resolver(attrs: Record<string, Attr>): Resolver {
  return (path) => {
    let p = path.toLowerCase();
    const core = `${CORE_GROUP.toLowerCase()}:`;
    if (p.startsWith(core)) p = p.slice(core.length);
    if (attrs[p]) return { attr: attrs[p] };
    const dot = p.lastIndexOf('.');
    const parent = dot > 0 ? attrs[p.slice(0, dot)] : undefined;
    const sub = p.slice(dot + 1);
    return parent?.kind === 'multi' && parent.sub[sub] ? { attr: parent, sub } : null;
  };
}

interface GroupRow {
  id: number;
  name: string;
  displayName: string | null;
  created: Date;
  lastModified: Date;
  version: number;
}

/** Groups read through SCIM: one, or a filtered, sorted page, with their members. */
export function createScimGroupService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const base = (kdb: Kysely<DB>) =>
    kdb
      .selectFrom('groups as g')
      .select(['g.id', 'g.name', 'g.display_name', 'g.created_at', 'g.updated_at', 'g.version']);
  const toRow = (r: {
    id: number;
    name: string;
    display_name: string | null;
    created_at: unknown;
    updated_at: unknown;
    version: number;
  }) => ({
    id: Number(r.id),
    name: r.name,
    displayName: r.display_name,
    created: new Date(r.created_at as Date),
    lastModified: new Date(r.updated_at as Date),
    version: r.version,
  });

  async function searchGroups(actor: Actor, page: PageRequest): Promise<{ total: number; rows: GroupRow[] }> {
    scimScope(actor);
    const now = clock.now();
    const resolve = groupResolver(now, scimScope(actor), scimClientOf(actor).folder, externalIdSource(actor));
    const today = isoDate(now);
    const condition: RawBuilder<boolean> = page.filter
      ? filterToSql(parseScimFilter(page.filter), today, resolve)
      : sql<boolean>`true`;
    const q = base(db).where(condition);
    const counted = await db
      .selectFrom(q.as('m'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (page.count === 0) return { total: Number(counted.n), rows: [] };
    const rows = await q
      .orderBy(sortSql(page.sortBy, page.sortOrder, today, resolve))
      .orderBy('g.id')
      .offset(page.startIndex - 1)
      .limit(page.count)
      .execute();
    return { total: Number(counted.n), rows: rows.map(toRow) };
  }

  /** Groups by id, in the order given (ids not found are left out). */
  async function groupRowsByIds(ids: number[]): Promise<GroupRow[]> {
    if (!ids.length) return [];
    const found = new Map((await base(db).where('g.id', 'in', ids).execute()).map((r) => [Number(r.id), toRow(r)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async function getGroup(actor: Actor, id: string): Promise<GroupRow> {
    scimScope(actor);
    const found = /^[1-9]\d{0,15}$/.test(id)
      ? await base(db).where('g.id', '=', Number(id)).executeTakeFirst()
      : undefined;
    if (!found) throw new ScimError(404, `Group ${id} not found`);
    return toRow(found);
  }

  /** The groups as SCIM Groups, each with its current effective members the reader may see. */
  async function groupsOf(actor: Actor, rows: GroupRow[], url: string): Promise<Record<string, unknown>[]> {
    const now = clock.now();
    const ids = rows.map((r) => r.id);
    const members = ids.length
      ? await db
          .selectFrom('group_effective_members as m')
          .innerJoin('people as p', 'p.id', 'm.person_id')
          .select(['m.group_id', 'p.id', 'p.given_name', 'p.preferred_name', 'p.family_name'])
          .distinct()
          .where('m.group_id', 'in', ids)
          .where(currentMember(now))
          .where(sql<boolean>`(${scopeSql(scimScope(actor), isoDate(now))} or ${writtenBySql(actor)})`)
          .orderBy('m.group_id')
          .orderBy('p.id')
          .execute()
      : [];
    const source = externalIdSource(actor);
    const external = source ? await groupExternalIds(db, source, ids) : new Map<number, string>();
    return rows.map((g) => ({
      schemas: [CORE_GROUP],
      id: String(g.id),
      ...(external.has(g.id) ? { externalId: external.get(g.id) } : {}),
      displayName: shownName(scimClientOf(actor).folder, g),
      members: members
        .filter((m) => Number(m.group_id) === g.id)
        .map((m) => ({
          value: String(m.id),
          $ref: `${url}/Users/${m.id}`,
          display: scimDisplayName({
            givenName: m.given_name,
            preferredName: m.preferred_name,
            familyName: m.family_name,
          }),
          type: 'User',
        })),
      meta: {
        resourceType: 'Group',
        created: g.created.toISOString(),
        lastModified: g.lastModified.toISOString(),
        location: `${url}/Groups/${g.id}`,
        version: weakEtag(g.version),
      },
    }));
  }

  return { searchGroups, getGroup, groupsOf, groupRowsByIds };
}
