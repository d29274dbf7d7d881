import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import { scimClientOf } from './scim-client-rules.ts';
import { ScimError } from './scim-errors.ts';

/** The org subtrees a SCIM reader sees (null: everyone); refuses an actor without `scim:read` (403). */
export function scimScope(actor: Actor): string[] | null {
  if (!can(actor, 'scim:read')) throw new ScimError(403, `${actor.name} may not read through SCIM (scim:read)`);
  if (actor.roles.some((g) => g.role === 'sysadmin')) return null;
  const grants = actor.roles.filter((g) => g.role === 'scim' || g.role === 'scim-writer');
  if (grants.some((g) => !g.orgPath)) return null;
  return grants.map((g) => g.orgPath!);
}

export const currentSql = (alias: string, today: string) =>
  sql<boolean>`(${sql.ref(`${alias}.valid_from`)} is null or ${sql.ref(`${alias}.valid_from`)} <= ${today}::date) and (${sql.ref(
    `${alias}.valid_to`,
  )} is null or ${sql.ref(`${alias}.valid_to`)} >= ${today}::date)`;

/** People a scoped reader may see (`person`: their id): those with a current affiliation in one of its subtrees. */
export function scopeSql(
  scope: string[] | null,
  today: string,
  person: RawBuilder<unknown> = sql`p.id`,
): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`true`;
  if (!scope.length) return sql<boolean>`false`;
  const within = sql.join(
    scope.map((path) => sql`starts_with(o.path, ${path})`),
    sql` or `,
  );
  return sql<boolean>`exists (select 1 from affiliations a join org_units o on o.id = a.org_id where a.person_id = ${person} and ${currentSql('a', today)} and (${within}))`;
}

/**
 * People a scoped SCIM writer wrote (they hold its source's key): it still sees them once it has ended their record
 * (DELETE, `active: false`), when they may hold no current affiliation in its subtree any more.
 */
export function writtenBySql(actor: Actor, person: RawBuilder<unknown> = sql`p.id`): RawBuilder<boolean> {
  if (!actor.roles.some((g) => g.role === 'scim-writer')) return sql<boolean>`false`;
  return writtenBySourceSql(scimClientOf(actor).source, person);
}

/** The person holds a key of this source (a SCIM writer's own people); null: nobody. */
export function writtenBySourceSql(
  source: string | null,
  person: RawBuilder<unknown> = sql`p.id`,
): RawBuilder<boolean> {
  if (source === null) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from identifiers i where i.person_id = ${person} and i.kind = 'source-key' and i.scope = ${source})`;
}
