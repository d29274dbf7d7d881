import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type Attr, userResolver } from './scim-attributes.ts';
import { parseScimFilter, type Resolver } from './scim-filter-rules.ts';
import { filterToSql } from './scim-filter-sql.ts';
import { groupResolver } from './scim-groups.ts';
import { type PageRequest, sortDirection, sortKeySql } from './scim-paging.ts';
import { scimScope, scopeSql, writtenBySql } from './scim-scope.ts';
import { externalIdSource, scimClientOf } from './scim-client-rules.ts';

export type ScimResourceType = 'User' | 'Group';

const SQL_TYPES = { string: sql`text`, boolean: sql`boolean`, dateTime: sql`timestamptz` };

/** The same attribute, absent: what an attribute of one resource type is in the other (it never matches). */
function absentLike(attr: Attr): Attr {
  if (attr.kind === 'multi') return { ...attr, column: () => sql`'[]'::jsonb`, elements: () => [], text: undefined };
  const none = sql`null::${SQL_TYPES[attr.type]}`;
  return { ...attr, sql: () => (attr.type === 'string' ? sql`${none} collate "C"` : none), candidates: undefined };
}

/** Resolves in `own`; a path only `other` knows resolves to an absent attribute of its type. */
const either =
  (own: Resolver, other: Resolver): Resolver =>
  (path) => {
    const mine = own(path);
    if (mine) return mine;
    const theirs = other(path);
    return theirs ? { attr: absentLike(theirs.attr), ...(theirs.sub ? { sub: theirs.sub } : {}) } : null;
  };

/**
 * A search from the service root (RFC 7644 §3.4.3): Users and Groups together, the filter applied to both (an
 * attribute one type lacks is absent there: it matches only `ne` and `eq null`), one order across both (ties by
 * resource type, Groups first, then id), one page, and the count of both. Unknown to both: `invalidFilter`.
 */
export function createScimRootSearch(deps: ServiceDeps) {
  const { db, clock } = deps;
  return async function searchAll(
    actor: Actor,
    page: PageRequest,
  ): Promise<{ total: number; hits: { type: ScimResourceType; id: number }[] }> {
    const scope = scimScope(actor);
    const now = clock.now();
    const today = isoDate(now);
    const own = scimClientOf(actor).folder;
    const source = externalIdSource(actor);
    const userAttrs = userResolver(source);
    const groupAttrs = groupResolver(now, scope, own, source);
    const users = either(userAttrs, groupAttrs);
    const groups = either(groupAttrs, userAttrs);
    const parsed = page.filter ? parseScimFilter(page.filter) : null;
    const where = (resolve: Resolver): RawBuilder<boolean> =>
      parsed ? filterToSql(parsed, today, resolve) : sql<boolean>`true`;
    const key = (resolve: Resolver) => (page.sortBy ? sortKeySql(page.sortBy, today, resolve) : sql`0`);
    const userSql = sql`select 'User' as t, p.id, ${key(users)} as k from people p where p.state = 'active' and (${scopeSql(scope, today)} or ${writtenBySql(actor)}) and ${where(users)}`;
    const groupSql = sql`select 'Group' as t, g.id, ${key(groups)} as k from groups g where ${where(groups)}`;
    const [u, g] = await Promise.all([
      sql<{ n: string }>`select count(*) as n from (${userSql}) m`.execute(db),
      sql<{ n: string }>`select count(*) as n from (${groupSql}) m`.execute(db),
    ]);
    const total = Number(u.rows[0]!.n) + Number(g.rows[0]!.n);
    if (page.count === 0 || total < page.startIndex) return { total, hits: [] };
    const { rows } = await sql<{ t: ScimResourceType; id: number }>`
      select t, id from (${userSql} union all ${groupSql}) x
      order by k ${sortDirection(page.sortOrder)}, t, id offset ${page.startIndex - 1} limit ${page.count}`.execute(db);
    return { total, hits: rows.map((r) => ({ type: r.t, id: Number(r.id) })) };
  };
}
