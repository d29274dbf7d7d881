import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { GroupMembershipsTable, GroupsTable } from '../platform/db/group-tables.ts';
import type { Selectable } from 'kysely';
import { type AsOf, definitionsAsOf, earlier, factsAsOf, type Versioned } from '../platform/history/versions-query.ts';
import { computeGroup, dependencyOrder, type DirectMember, type Graph, type Members } from './effective.ts';
import { evaluateRule } from './rule-facts.ts';
import type { GroupRule } from './rules.ts';

/**
 * Effective members of groups as they were on a past date, or as Steward knew them then (issue 16), computed from the
 * history of versions by the same pure function that keeps `group_effective_members`: the group definitions recorded
 * at that moment, the direct memberships known then (a deleted one until its deletion; one given no start counts from
 * when it was recorded), and rule groups over today's registry facts.
 */
export type MembershipRow = Versioned<Selectable<GroupMembershipsTable>>;
type GroupRow = Selectable<GroupsTable>;

export interface EffectiveAsOf {
  members: Map<number, Members>;
  /** The direct memberships the answer drew on, by id (deleted ones included). */
  memberships: Map<number, MembershipRow>;
  /** The groups as defined then, by id. */
  groups: Map<number, GroupRow>;
}

const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());

/**
 * The span a direct membership counted over as of `at`: from its start until its end or deletion; null when it did not
 * exist then (added after `at` with no start of its own: it counts from when it was recorded).
 */
export function membershipSpan(m: MembershipRow, at: Date): { from: number | null; until: number | null } | null {
  if (m.enabled_from === null && new Date(m.added_at).getTime() > at.getTime()) return null;
  return { from: ms(m.enabled_from), until: ms(earlier(m.disabled_at, m.version_ended_at)) };
}

export async function effectiveAsOf(db: Kysely<DB>, groupIds: number[], asOf: AsOf): Promise<EffectiveAsOf> {
  const groups = new Map((await definitionsAsOf<GroupRow>(db, 'groups', asOf)).map((g) => [g.id, g]));
  const memberships = new Map<number, MembershipRow>();
  const direct = new Map<number, DirectMember[]>();
  const graph: Graph = new Map();
  const seen = new Set<number>();
  let frontier = groupIds.filter((g) => groups.has(g));
  while (frontier.length) {
    for (const g of frontier) seen.add(g);
    const rows = await factsAsOf<Selectable<GroupMembershipsTable>>(db, 'group_memberships', asOf, {
      column: 'group_id',
      ids: frontier,
    });
    for (const g of frontier) {
      const def = groups.get(g)!;
      graph.set(
        g,
        [def.left_group_id, def.right_group_id].filter((x): x is number => x !== null),
      );
    }
    for (const m of rows) {
      const span = membershipSpan(m, asOf.at);
      if (span === null) continue;
      memberships.set(m.id, m);
      const entry: DirectMember = { id: m.id, personId: m.member_person_id, groupId: m.member_group_id, ...span };
      direct.set(m.group_id, [...(direct.get(m.group_id) ?? []), entry]);
      if (m.member_group_id !== null) graph.get(m.group_id)!.push(m.member_group_id);
    }
    frontier = [...new Set(frontier.flatMap((g) => graph.get(g) ?? []))].filter((g) => !seen.has(g) && groups.has(g));
  }
  const members = new Map<number, Members>();
  for (const g of dependencyOrder(seen, graph)) {
    const def = groups.get(g)!;
    const rule = def.kind === 'rule' && def.rule ? await evaluateRule(db, def.rule as GroupRule, null) : undefined;
    const result = computeGroup(
      { id: g, kind: def.kind, op: def.composite_op, left: def.left_group_id, right: def.right_group_id },
      {
        direct: def.kind === 'basic' ? (direct.get(g) ?? []) : [],
        rule,
        members: (id) => members.get(id) ?? new Map(),
      },
    );
    members.set(g, result);
  }
  return { members, memberships, groups };
}
