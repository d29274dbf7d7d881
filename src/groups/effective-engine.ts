import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import {
  computeGroup,
  dependencyOrder,
  type DirectMember,
  type Graph,
  type GroupDefinition,
  type Members,
} from './effective.ts';
import { normalise, sameSpans, sameTimes, type Span } from './intervals.ts';
import { evaluateRule } from './rule-facts.ts';
import type { GroupRule } from './rules.ts';

/**
 * Keeps `group_effective_members` current. After a change to some groups' definitions or
 * direct members, `propagate` recomputes those groups and every group that draws on them
 * (in dependency order), for the people the change can touch, and writes only the rows
 * that differ, with one `group_effective` change-log entry per group whose people's
 * intervals changed. `rebuild` computes every group from scratch with the same function.
 */

type Db = Kysely<DB>;
const ms = (d: Date | null) => (d === null ? null : d.getTime());
/** Serialises writers of group structure so incremental updates never read each other's half. */
export const GROUPS_LOCK = 73_011_606;

export async function lockGroups(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${GROUPS_LOCK})`.execute(db);
}

interface DefRow {
  id: number;
  kind: GroupDefinition['kind'];
  composite_op: GroupDefinition['op'];
  left_group_id: number | null;
  right_group_id: number | null;
  rule: unknown;
}

const toDef = (r: DefRow): GroupDefinition => ({
  id: r.id,
  kind: r.kind,
  op: r.composite_op,
  left: r.left_group_id,
  right: r.right_group_id,
});

/** The groups that draw on any of `ids`, transitively, including `ids`. */
async function upwardClosure(db: Db, ids: number[]): Promise<Set<number>> {
  const all = new Set(ids);
  let frontier = ids;
  while (frontier.length) {
    const { rows } = await sql<{ id: number }>`
      select group_id as id from group_memberships where member_group_id = any(${frontier}::bigint[])
      union select id from groups where left_group_id = any(${frontier}::bigint[]) or right_group_id = any(${frontier}::bigint[])`.execute(
      db,
    );
    frontier = rows.map((r) => r.id).filter((id) => !all.has(id));
    for (const id of frontier) all.add(id);
  }
  return all;
}

/** What each group in `ids` draws on (member groups and operands), for ordering and cycle checks. */
export async function drawsOnOf(db: Db, ids: number[] | null): Promise<Graph> {
  const graph: Graph = new Map();
  const { rows } = await sql<{ id: number; child: number }>`
    select group_id as id, member_group_id as child from group_memberships where member_group_id is not null ${ids === null ? sql`` : sql`and group_id = any(${ids}::bigint[])`}
    union all select id, left_group_id from groups where left_group_id is not null ${ids === null ? sql`` : sql`and id = any(${ids}::bigint[])`}
    union all select id, right_group_id from groups where right_group_id is not null ${ids === null ? sql`` : sql`and id = any(${ids}::bigint[])`}`.execute(
    db,
  );
  for (const r of rows) graph.set(r.id, [...(graph.get(r.id) ?? []), r.child]);
  return graph;
}

async function directOf(db: Db, groupIds: number[], people: number[] | null): Promise<Map<number, DirectMember[]>> {
  const { rows } = await sql<{
    id: number;
    group_id: number;
    member_person_id: number | null;
    member_group_id: number | null;
    enabled_from: Date | null;
    disabled_at: Date | null;
  }>`
    select id, group_id, member_person_id, member_group_id, enabled_from, disabled_at from group_memberships
    where group_id = any(${groupIds}::bigint[]) and (member_group_id is not null or ${people === null ? sql`true` : sql`member_person_id = any(${people}::bigint[])`})
    order by id`.execute(db);
  const out = new Map<number, DirectMember[]>();
  for (const r of rows) {
    const m: DirectMember = {
      id: r.id,
      personId: r.member_person_id,
      groupId: r.member_group_id,
      from: ms(r.enabled_from),
      until: ms(r.disabled_at),
    };
    out.set(r.group_id, [...(out.get(r.group_id) ?? []), m]);
  }
  return out;
}

/** Stored effective rows of some groups, narrowed to `people`, as spans per group and person. */
export async function storedMembers(
  db: Db,
  groupIds: number[],
  people: number[] | null,
): Promise<Map<number, Members>> {
  const { rows } = await sql<{
    group_id: number;
    person_id: number;
    valid_from: Date | null;
    valid_until: Date | null;
    membership_id: number | null;
    path: Array<number | string>;
  }>`
    select group_id, person_id, valid_from, valid_until, membership_id, path from group_effective_members
    where group_id = any(${groupIds}::bigint[]) ${people === null ? sql`` : sql`and person_id = any(${people}::bigint[])`}`.execute(
    db,
  );
  const out = new Map<number, Members>(groupIds.map((g) => [g, new Map()]));
  for (const r of rows) {
    const members = out.get(r.group_id)!;
    const span: Span = {
      from: ms(r.valid_from),
      until: ms(r.valid_until),
      why: { membershipId: r.membership_id, path: r.path.map(Number) },
    };
    const p = r.person_id;
    members.set(p, [...(members.get(p) ?? []), span]);
  }
  for (const members of out.values()) for (const [p, spans] of members) members.set(p, normalise(spans));
  return out;
}

interface RowDiff {
  /** People whose rows must be replaced. */
  rewrite: number[];
  /** People whose intervals (not only the why) changed. */
  timesChanged: number[];
}

function diff(stored: Members, computed: Members): RowDiff {
  const rewrite: number[] = [];
  const timesChanged: number[] = [];
  for (const p of new Set([...stored.keys(), ...computed.keys()])) {
    const a = stored.get(p) ?? [];
    const b = computed.get(p) ?? [];
    if (sameSpans(a, b)) continue;
    rewrite.push(p);
    if (!sameTimes(a, b)) timesChanged.push(p);
  }
  return { rewrite: rewrite.sort((x, y) => x - y), timesChanged: timesChanged.sort((x, y) => x - y) };
}

/** Replaces the rows of some people in some groups by the computed ones: one delete and one insert for all. */
async function writeRows(db: Db, writes: { groupId: number; people: number[]; computed: Members }[]): Promise<void> {
  const del = { group: [] as number[], person: [] as number[] };
  const cols = {
    group: [] as number[],
    person: [] as number[],
    from: [] as (Date | null)[],
    until: [] as (Date | null)[],
    membership: [] as (number | null)[],
    path: [] as string[],
  };
  for (const { groupId, people, computed } of writes)
    for (const p of people) {
      del.group.push(groupId);
      del.person.push(p);
      for (const s of computed.get(p) ?? []) {
        cols.group.push(groupId);
        cols.person.push(p);
        cols.from.push(s.from === null ? null : new Date(s.from));
        cols.until.push(s.until === null ? null : new Date(s.until));
        cols.membership.push(s.why.membershipId);
        cols.path.push(`{${s.why.path.join(',')}}`);
      }
    }
  for (let i = 0; i < del.group.length; i += 20_000)
    await sql`
      delete from group_effective_members m
      using unnest(${del.group.slice(i, i + 20_000)}::bigint[], ${del.person.slice(i, i + 20_000)}::bigint[]) as t(group_id, person_id)
      where m.group_id = t.group_id and m.person_id = t.person_id`.execute(db);
  for (let i = 0; i < cols.person.length; i += 20_000) {
    const part = <T>(xs: T[]) => xs.slice(i, i + 20_000);
    await sql`
      insert into group_effective_members (group_id, person_id, valid_from, valid_until, membership_id, path)
      select t.group_id, t.person_id, t.valid_from, t.valid_until, t.membership_id, t.path::bigint[]
      from unnest(${part(cols.group)}::bigint[], ${part(cols.person)}::bigint[], ${part(cols.from)}::timestamptz[], ${part(cols.until)}::timestamptz[], ${part(cols.membership)}::bigint[], ${part(cols.path)}::text[])
        as t(group_id, person_id, valid_from, valid_until, membership_id, path)`.execute(db);
  }
}

async function definitions(db: Db, ids: number[] | null): Promise<Map<number, DefRow>> {
  let q = db.selectFrom('groups').select(['id', 'kind', 'composite_op', 'left_group_id', 'right_group_id', 'rule']);
  if (ids !== null) q = q.where('id', '=', sql<number>`any(${ids}::bigint[])`);
  return new Map((await q.execute()).map((r) => [r.id, r as DefRow]));
}

/**
 * Recomputes `groups` and everything that draws on them for `people` (null: everyone),
 * writing the rows that differ and a `group_effective` change per group whose people's
 * intervals changed. Returns the number of groups whose rows changed. The groups the change
 * starts from are read at once (direct members and stored rows, one query each), the others
 * when the order reaches them; the rows are written at the end, all groups in one go (a group's
 * stored rows are only ever read before it is written, so the answer is the same).
 */
export async function propagate(uow: UnitOfWork, groups: number[], people: number[] | null): Promise<number> {
  const db = uow.db;
  if (groups.length === 0 || (people !== null && people.length === 0)) return 0;
  const closure = [...(await upwardClosure(db, groups))];
  const graph = await drawsOnOf(db, closure);
  const order = dependencyOrder(closure, graph);
  const defs = await definitions(db, closure);
  const starts = new Set(groups);
  const first = order.filter((g) => starts.has(g) && defs.has(g));
  const direct = await directOf(
    db,
    first.filter((g) => defs.get(g)!.kind === 'basic'),
    people,
  );
  const stored = await storedMembers(db, first, people);
  const computed = new Map<number, Members>();
  const changed = new Set<number>();
  const loaded = new Map<number, Members>();
  const writes: { groupId: number; people: number[]; computed: Members }[] = [];
  for (const g of order) {
    const deps = graph.get(g) ?? [];
    if (!starts.has(g) && !deps.some((d) => changed.has(d))) continue;
    const def = defs.get(g);
    if (!def) continue;
    const missing = deps.filter((d) => !computed.has(d) && !loaded.has(d));
    if (missing.length) for (const [id, m] of await storedMembers(db, missing, people)) loaded.set(id, m);
    const own = def.kind !== 'basic' ? [] : ((starts.has(g) ? direct : await directOf(db, [g], people)).get(g) ?? []);
    const rule = def.kind === 'rule' && def.rule ? await evaluateRule(db, def.rule as GroupRule, people) : undefined;
    const result = computeGroup(toDef(def), {
      direct: own,
      rule,
      members: (id) => computed.get(id) ?? loaded.get(id) ?? new Map(),
    });
    computed.set(g, result);
    const before = (starts.has(g) ? stored : await storedMembers(db, [g], people)).get(g)!;
    const d = diff(before, result);
    if (d.rewrite.length === 0) continue;
    changed.add(g);
    writes.push({ groupId: g, people: d.rewrite, computed: result });
    if (d.timesChanged.length)
      uow.change({ entityType: 'group_effective', entityId: g, op: 'updated', data: { personIds: d.timesChanged } });
  }
  await writeRows(db, writes);
  return changed.size;
}

/** Every group's effective members computed from scratch (the reference for the incremental path). */
export async function computeAll(db: Db): Promise<Map<number, Members>> {
  const defs = await definitions(db, null);
  const graph = await drawsOnOf(db, null);
  const order = dependencyOrder(defs.keys(), graph);
  const direct = await directOf(db, [...defs.keys()], null);
  const computed = new Map<number, Members>();
  for (const g of order) {
    const def = defs.get(g)!;
    const rule = def.kind === 'rule' && def.rule ? await evaluateRule(db, def.rule as GroupRule, null) : undefined;
    computed.set(
      g,
      computeGroup(toDef(def), { direct: direct.get(g) ?? [], rule, members: (id) => computed.get(id) ?? new Map() }),
    );
  }
  return computed;
}

/** Rebuilds the table from scratch inside `uow`; returns how many groups' rows differed. */
export async function rebuild(
  uow: UnitOfWork,
): Promise<{ groups: number; groupsChanged: number; peopleChanged: number }> {
  const all = await computeAll(uow.db);
  const stored = await storedMembers(uow.db, [...all.keys()], null);
  let groupsChanged = 0;
  let peopleChanged = 0;
  for (const [g, result] of all) {
    const d = diff(stored.get(g) ?? new Map(), result);
    if (d.rewrite.length === 0) continue;
    groupsChanged += 1;
    peopleChanged += d.rewrite.length;
    await writeRows(uow.db, [{ groupId: g, people: d.rewrite, computed: result }]);
    if (d.timesChanged.length)
      uow.change({ entityType: 'group_effective', entityId: g, op: 'updated', data: { personIds: d.timesChanged } });
  }
  return { groups: all.size, groupsChanged, peopleChanged };
}
