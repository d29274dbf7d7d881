import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { type FeedDefinition, streamColumn } from './feed-definition.ts';
import type { PersonFacts, StreamValueLookup } from './feed-rows.ts';

/**
 * The feed's reads, set-based: the selection resolved to status type ids and org paths,
 * the selected people one keyset page at a time, their facts for one page, and the
 * stream values the columns need. Nothing here holds more than a page of people.
 */
export interface ResolvedSelection {
  /** Status types whose holding qualifies (statuses ∩ stream values). */
  types: number[];
  /** Materialised paths of the org subtrees (null: anywhere). */
  paths: string[] | null;
  primaryOnly: boolean;
}

type Db = Kysely<DB>;

export async function resolveSelection(db: Db, def: Pick<FeedDefinition, 'selection'>): Promise<ResolvedSelection> {
  const sel = def.selection;
  let types: number[] | null = null;
  if (sel.statuses.length) {
    const lower = sel.statuses.map((s) => s.toLowerCase());
    const { rows } = await sql<{
      id: number;
    }>`select id from status_types where lower(name) = any(${lower}::text[])`.execute(db);
    types = rows.map((r) => r.id);
  }
  if (sel.streams.length) {
    const wanted = JSON.stringify(sel.streams);
    const { rows } = await sql<{ id: number }>`
      select distinct t.id from status_types t
      join jsonb_to_recordset(${wanted}::jsonb) as c(stream text, field text, value text) on true
      join stream_fields f on f.stream = c.stream and f.name = c.field
      left join stream_values v on v.status_type_id = t.id and v.stream = c.stream and v.field = c.field
      where coalesce(v.value, f.default_value) = c.value`.execute(db);
    const withValue = new Set(rows.map((r) => r.id));
    types = types === null ? [...withValue] : types.filter((t) => withValue.has(t));
  }
  let paths: string[] | null = null;
  if (sel.orgUnits.length) {
    const units = await db.selectFrom('org_units').select('path').where('code', 'in', sel.orgUnits).execute();
    paths = units.map((u) => `${u.path}%`);
  }
  return { types: types ?? [], paths, primaryOnly: sel.primaryOnly };
}

const current = (alias: string, today: string) =>
  sql.raw(
    `(${alias}.start_date is null or ${alias}.start_date <= '${today}') and (${alias}.end_date is null or ${alias}.end_date >= '${today}')`,
  );

function checkDate(today: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`not a date: ${today}`);
  return today;
}

/** The next page of selected people (ids ascending) after `after`. */
export async function selectedIds(
  db: Db,
  sel: ResolvedSelection,
  today: string,
  after: number,
  limit: number,
): Promise<number[]> {
  if (sel.types.length === 0 || (sel.paths !== null && sel.paths.length === 0)) return [];
  const day = checkDate(today);
  const inSubtree =
    sel.paths === null
      ? sql`true`
      : sql`exists (
      select 1 from jsonb_array_elements(s.because) b
      join affiliations a on a.id = (b->>'affiliationId')::bigint
      join org_units o on o.id = a.org_id
      where o.path like any(${sel.paths}::text[]))`;
  const primary = !sel.primaryOnly
    ? sql`true`
    : sql`s.status_type_id = (
      select s2.status_type_id from person_statuses s2 join status_types t2 on t2.id = s2.status_type_id
      where s2.person_id = p.id and ${current('s2', day)}
      order by t2.rank desc, t2.id limit 1)`;
  const { rows } = await sql<{ id: number }>`
    select p.id from people p
    where p.state = 'active' and p.id > ${after} and exists (
      select 1 from person_statuses s
      where s.person_id = p.id and s.status_type_id = any(${sel.types}::bigint[]) and ${current('s', day)}
        and ${inSubtree} and ${primary})
    order by p.id limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

interface FactsRow {
  id: number;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  emails: { address: string }[];
  id_number: string | null;
  username: string | null;
  email: string | null;
  statuses: {
    statusTypeId: number;
    name: string;
    category: string;
    cardLabel: string | null;
    directory: string;
    affiliationId: string | null;
  }[];
}

/** The facts of the given people (ascending id) as the columns need them. */
export async function personFacts(db: Db, ids: number[], today: string): Promise<PersonFacts[]> {
  if (ids.length === 0) return [];
  const day = checkDate(today);
  const { rows } = await sql<FactsRow>`
    select p.id, p.given_name, p.family_name, p.preferred_name, p.emails,
      (select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'id-number') as id_number,
      (select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'username') as username,
      (select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'email') as email,
      coalesce((
        select jsonb_agg(jsonb_build_object('statusTypeId', t.id, 'name', t.name, 'category', t.category, 'cardLabel', t.card_label,
                                            'directory', t.directory, 'affiliationId', s.because->0->>'affiliationId') order by t.rank desc, t.id)
        from person_statuses s join status_types t on t.id = s.status_type_id
        where s.person_id = p.id and ${current('s', day)}), '[]'::jsonb) as statuses
    from people p where p.id = any(${ids}::bigint[]) order by p.id`.execute(db);
  const affIds = [
    ...new Set(
      rows
        .map((r) => r.statuses[0]?.affiliationId)
        .filter((a): a is string => !!a)
        .map(Number),
    ),
  ];
  const affiliations = new Map<number, { title: string | null; code: string }>();
  if (affIds.length) {
    const { rows: affs } = await sql<{ id: number; title: string | null; code: string }>`
      select a.id, a.title, o.code from affiliations a join org_units o on o.id = a.org_id where a.id = any(${affIds}::bigint[])`.execute(
      db,
    );
    for (const a of affs) affiliations.set(a.id, { title: a.title, code: a.code });
  }
  return rows.map((r) => {
    const seen = new Set<number>();
    const statuses = r.statuses.filter((s) => !seen.has(s.statusTypeId) && seen.add(s.statusTypeId));
    const aff = statuses[0]?.affiliationId ? affiliations.get(Number(statuses[0].affiliationId)) : undefined;
    return {
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      preferredName: r.preferred_name,
      idNumber: r.id_number,
      username: r.username,
      email: r.email ?? r.emails?.[0]?.address ?? null,
      statuses: statuses.map(({ statusTypeId, name, category, cardLabel, directory }) => ({
        statusTypeId,
        name,
        category,
        cardLabel,
        directory,
      })),
      orgUnit: aff?.code ?? null,
      title: aff?.title ?? null,
    };
  });
}

/** Every status type's value (set, or the default) of each stream field the columns name. */
export async function streamValues(db: Db, columns: readonly string[]): Promise<StreamValueLookup> {
  const wanted = columns.map(streamColumn).filter((c) => c !== null);
  const out = new Map<number, Map<string, string>>();
  if (wanted.length === 0) return out;
  const { rows } = await sql<{ id: number; stream: string; field: string; value: string | null }>`
    select t.id, f.stream, f.name as field, coalesce(v.value, f.default_value) as value
    from status_types t
    join stream_fields f on (f.stream, f.name) in (select x.stream, x.field from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as x(stream text, field text))
    left join stream_values v on v.status_type_id = t.id and v.stream = f.stream and v.field = f.name`.execute(db);
  for (const r of rows) {
    if (r.value === null) continue;
    const m = out.get(r.id) ?? new Map<string, string>();
    m.set(`${r.stream}.${r.field}`, r.value);
    out.set(r.id, m);
  }
  return out;
}
