import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Members } from './effective.ts';
import { intersect, normalise, type Span } from './intervals.ts';
import type { Condition, GroupRule } from './rules.ts';

interface FactRow {
  person_id: number;
  valid_from: Date | null;
  valid_until: Date | null;
}

/** Days are whole UTC days: a fact dated from D to E (inclusive) holds in [D 00:00Z, E+1 00:00Z). */
const FROM = (col: string) => sql.raw(`(${col})::timestamp at time zone 'UTC'`);
const UNTIL = (col: string) => sql.raw(`((${col}) + 1)::timestamp at time zone 'UTC'`);

async function conditionRows(db: Kysely<DB>, c: Condition, people: number[] | null): Promise<FactRow[]> {
  const only = (col: string) => (people === null ? sql`true` : sql`${sql.raw(col)} = any(${people}::bigint[])`);
  if (c.type === 'identifier') {
    const { rows } = await sql<FactRow>`
      select distinct i.person_id, null::timestamptz as valid_from, null::timestamptz as valid_until
      from identifiers i join people p on p.id = i.person_id and p.state = 'active'
      where i.kind = ${c.kind} and ${only('i.person_id')}`.execute(db);
    return rows;
  }
  if (c.type === 'status') {
    const { rows } = await sql<FactRow>`
      select s.person_id, ${FROM('s.start_date')} as valid_from, ${UNTIL('s.end_date')} as valid_until
      from person_statuses s join status_types t on t.id = s.status_type_id join people p on p.id = s.person_id and p.state = 'active'
      where lower(t.name) = lower(${c.statusType}) and ${only('s.person_id')}`.execute(db);
    return rows;
  }
  const subtree = c.type === 'affiliation' ? c.subtree !== false : true;
  const orgCode = c.type === 'affiliation' ? c.orgCode : (c.orgCode ?? null);
  const kinds = c.type === 'affiliation' && c.kinds?.length ? c.kinds : null;
  const { rows } = await sql<FactRow>`
    select a.person_id, ${FROM('a.valid_from')} as valid_from, ${UNTIL('a.valid_to')} as valid_until
    from affiliations a join org_units o on o.id = a.org_id join people p on p.id = a.person_id and p.state = 'active'
    where ${only('a.person_id')}
      and ${
        orgCode === null
          ? sql`true`
          : subtree
            ? sql`o.path like (select path from org_units where code = ${orgCode}) || '%'`
            : sql`o.code = ${orgCode}`
      }
      and ${kinds === null ? sql`true` : sql`a.kind = any(${kinds}::text[])`}
      and ${c.type === 'attribute' ? sql`a.attributes ->> ${c.name} = ${c.value}` : sql`true`}`.execute(db);
  return rows;
}

function toMembers(rows: FactRow[]): Members {
  const out: Members = new Map();
  for (const r of rows) {
    const span: Span = {
      from: r.valid_from?.getTime() ?? null,
      until: r.valid_until?.getTime() ?? null,
      why: { membershipId: null, path: [] },
    };
    const personId = r.person_id;
    out.set(personId, [...(out.get(personId) ?? []), span]);
  }
  for (const [k, v] of out) out.set(k, normalise(v));
  return out;
}

/**
 * The people a rule selects, with the time each selection holds (from affiliation and
 * status dates; identifiers hold without dates), narrowed to `people` when given. Every
 * condition must hold at once.
 */
export async function evaluateRule(db: Kysely<DB>, rule: GroupRule, people: number[] | null): Promise<Members> {
  let result: Members | null = null;
  for (const c of rule.all) {
    const members = toMembers(await conditionRows(db, c, result === null ? people : [...result.keys()]));
    if (result === null) {
      result = members;
      continue;
    }
    const next: Members = new Map();
    for (const [personId, spans] of result) {
      const both = intersect(spans, members.get(personId) ?? []);
      if (both.length) next.set(personId, both);
    }
    result = next;
  }
  return result ?? new Map();
}
