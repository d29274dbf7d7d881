import { sql } from 'kysely';
import type { FieldProblem } from '../platform/errors.ts';
import { countsAtSql } from '../groups/effective-members.ts';
import {
  conflictProblems,
  type Exclusion,
  exclusionConflicts,
  type GroupNode,
  type Holding,
  parentsOf,
  wouldHold,
} from './exclusion-rules.ts';
import type { Db } from './policy-store.ts';

/**
 * Loading what separation of duties decides on (exclusion-rules.ts): the exclusions, the group graph, what a person
 * or an account holds now and by which path (`group_effective_members.path`; an account's own memberships and the
 * groups above them), and the group names for the refusal. `separationProblems` is the check every add runs.
 */
export interface Graph {
  nodes: Map<number, GroupNode>;
  parents: Map<number, number[]>;
}

export async function loadExclusions(db: Db): Promise<Exclusion[]> {
  const rows = await db.selectFrom('governance_exclusions').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, left: r.left_group_id, right: r.right_group_id, reason: r.reason }));
}

export async function loadGraph(db: Db): Promise<Graph> {
  const groups = await db
    .selectFrom('groups')
    .select(['id', 'kind', 'composite_op', 'left_group_id', 'right_group_id'])
    .execute();
  const edges = await db
    .selectFrom('group_memberships')
    .select(['group_id', 'member_group_id'])
    .where('member_group_id', 'is not', null)
    .execute();
  const nodes = new Map<number, GroupNode>(
    groups.map((g) => [
      g.id,
      { id: g.id, kind: g.kind, op: g.composite_op, left: g.left_group_id, right: g.right_group_id },
    ]),
  );
  const parents = parentsOf(
    nodes.values(),
    edges.map((e) => ({ groupId: e.group_id, memberGroupId: e.member_group_id! })),
  );
  return { nodes, parents };
}

/** What each person holds at `at`: per group the shortest path (from `group_effective_members`). */
export async function holdingsOf(
  db: Db,
  personIds: readonly number[],
  at: Date,
): Promise<Map<number, Map<number, Holding>>> {
  const out = new Map<number, Map<number, Holding>>();
  if (personIds.length === 0) return out;
  const { rows } = await sql<{
    person_id: number;
    group_id: number;
    path: Array<number | string>;
    membership_id: number | null;
  }>`select e.person_id, e.group_id, e.path, e.membership_id from group_effective_members e
     where e.person_id = any(${[...personIds]}::bigint[]) and ${countsAtSql('e', at)}
     order by e.person_id, e.group_id, cardinality(e.path), e.membership_id nulls last`.execute(db);
  for (const r of rows) {
    const person = Number(r.person_id);
    const held = out.get(person) ?? new Map<number, Holding>();
    out.set(person, held);
    const group = Number(r.group_id);
    if (!held.has(group)) held.set(group, { path: r.path.map(Number), rule: r.membership_id === null });
  }
  return out;
}

/** What an account holds at `at`: its own memberships and the groups above them. */
export async function accountHoldings(
  db: Db,
  accountId: number,
  at: Date,
  graph: Graph,
): Promise<Map<number, Holding>> {
  const rows = await db
    .selectFrom('account_memberships')
    .select('group_id')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('disabled_at', 'is', null), eb('disabled_at', '>', at)]))
    .orderBy('group_id')
    .execute();
  const held = new Map<number, Holding>();
  for (const r of rows)
    for (const [g, path] of wouldHold(graph.nodes, graph.parents, held, r.group_id)) held.set(g, { path, rule: false });
  return held;
}

export async function groupNames(db: Db, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type AddSubject =
  { personId: number; label: string } | { accountId: number; label: string } | { groupId: number; label: string };

const MAX_PEOPLE = 20;

/**
 * The separation-of-duties problems of adding a subject to `groupId` (nothing when no exclusion exists): for a
 * person or an account what they would newly hold against what they hold; for a group, the same for each of its
 * current effective members (through the path by which they are in it).
 */
export async function separationProblems(
  db: Db,
  subject: AddSubject,
  groupId: number,
  field: string,
  at: Date,
): Promise<FieldProblem[]> {
  const exclusions = await loadExclusions(db);
  if (exclusions.length === 0) return [];
  const graph = await loadGraph(db);
  const found: Array<{ who: string; conflicts: ReturnType<typeof exclusionConflicts> }> = [];
  if ('personId' in subject) {
    const held = (await holdingsOf(db, [subject.personId], at)).get(subject.personId) ?? new Map();
    const gained = wouldHold(graph.nodes, graph.parents, held, groupId);
    found.push({ who: subject.label, conflicts: exclusionConflicts(exclusions, held, gained) });
  } else if ('accountId' in subject) {
    const held = await accountHoldings(db, subject.accountId, at, graph);
    const gained = wouldHold(graph.nodes, graph.parents, held, groupId);
    found.push({ who: subject.label, conflicts: exclusionConflicts(exclusions, held, gained) });
  } else {
    const members = await holdingsOf(db, await effectivePeople(db, subject.groupId, at), at);
    const labels = await personLabels(db, [...members.keys()]);
    for (const [personId, held] of members) {
      const via = held.get(subject.groupId);
      if (!via) continue;
      const gained = wouldHold(graph.nodes, graph.parents, held, groupId, via.path);
      const conflicts = exclusionConflicts(exclusions, held, gained);
      if (conflicts.length) found.push({ who: labels.get(personId) ?? `person ${personId}`, conflicts });
      if (found.length >= MAX_PEOPLE) break;
    }
  }
  const ids = found.flatMap((f) =>
    f.conflicts.flatMap((c) => [...c.gainedPath, ...c.other.path, c.gainedGroup, c.otherGroup]),
  );
  const names = await groupNames(db, ids);
  const name = (id: number) => names.get(id) ?? `group ${id}`;
  return found.flatMap((f) => conflictProblems(f.conflicts, field, f.who, name));
}

async function effectivePeople(db: Db, groupId: number, at: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('group_effective_members as e')
    .select('e.person_id')
    .distinct()
    .where('e.group_id', '=', groupId)
    .where(countsAtSql('e', at))
    .execute();
  return rows.map((r) => Number(r.person_id));
}

/** "Ann Lee (person 12)" for each person. */
export async function personLabels(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number; name: string }>`
    select p.id, trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as name from people p
    where p.id = any(${[...ids]}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [Number(r.id), `${r.name} (person ${r.id})`]));
}

/** Who holds both groups now (people through any path, accounts through their memberships). */
export async function holdersOfBoth(db: Db, left: number, right: number, at: Date): Promise<string[]> {
  const { rows } = await sql<{ person_id: number }>`
    select distinct a.person_id from group_effective_members a join group_effective_members b on b.person_id = a.person_id
    where a.group_id = ${left} and b.group_id = ${right} and ${countsAtSql('a', at)} and ${countsAtSql('b', at)}
    order by a.person_id`.execute(db);
  const labels = await personLabels(
    db,
    rows.map((r) => Number(r.person_id)),
  );
  const people = rows.map((r) => labels.get(Number(r.person_id)) ?? `person ${r.person_id}`);
  const graph = await loadGraph(db);
  const accounts = await db
    .selectFrom('subject_accounts')
    .select(['id', 'kind', 'username'])
    .where('id', 'in', db.selectFrom('account_memberships').select('account_id'))
    .orderBy('id')
    .execute();
  const both: string[] = [];
  for (const a of accounts) {
    const held = await accountHoldings(db, a.id, at, graph);
    if (held.has(left) && held.has(right)) both.push(`${a.username} (${a.kind} account ${a.id})`);
  }
  return [...people, ...both];
}
