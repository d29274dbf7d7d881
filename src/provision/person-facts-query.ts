import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { displayName } from '../registry/names.ts';
import type { MappingFacts } from './mapping-rules.ts';

/**
 * The facts provisioning maps, for one page of people, in one query: names, identifiers,
 * current statuses (primary first), current affiliation kinds, and the primary org unit
 * (the unit of the affiliation the primary status holds because of) with the names of its
 * path from the root, which become the OU the account lives in.
 */
export interface ProvisionFacts extends MappingFacts {
  /** The primary unit's id and its path of units from the root: [{id, name}] root first. */
  unitId: number | null;
  unitPath: { id: number; name: string }[];
  statusTypeIds: number[];
}

interface Row {
  id: number;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  preferred_name: string | null;
  emails: { address: string }[];
  identifiers: Record<string, string> | null;
  statuses: { id: number; name: string; category: string; affs: number[] | null }[] | null;
  kinds: string[] | null;
}

type Db = Kysely<DB>;

async function factRows(db: Db, ids: number[], today: string): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.id, p.given_name, p.middle_name, p.family_name, p.preferred_name, p.emails,
      (select jsonb_object_agg(k.kind, k.value) from (
         select kind, min(value) as value from identifiers i where i.person_id = p.id group by kind) k) as identifiers,
      (select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'category', t.category,
                                           'affs', (select jsonb_agg((b->>'affiliationId')::bigint) from jsonb_array_elements(s.because) b)) order by t.rank desc, t.id)
         from person_statuses s join status_types t on t.id = s.status_type_id
         where s.person_id = p.id and (s.start_date is null or s.start_date <= ${today}::date)
           and (s.end_date is null or s.end_date >= ${today}::date)) as statuses,
      (select array_agg(distinct a.kind order by a.kind) from affiliations a
         where a.person_id = p.id and (a.valid_from is null or a.valid_from <= ${today}::date)
           and (a.valid_to is null or a.valid_to >= ${today}::date)) as kinds
    from people p where p.id = any(${ids}::bigint[]) and p.state = 'active' order by p.id`.execute(db);
  return rows;
}

interface Unit {
  id: number;
  code: string;
  name: string;
  path: string;
  custom: Record<string, unknown>;
}

/**
 * Each person's primary unit: of the affiliations the primary status holds because of, the
 * one current today that began last (a learner who changed schools is in the new one).
 */
async function unitsOf(
  db: Db,
  affiliationIds: number[],
  today: string,
): Promise<Map<number, { unit: Unit; title: string | null }>> {
  const out = new Map<number, { unit: Unit; title: string | null }>();
  if (affiliationIds.length === 0) return out;
  const { rows } = await sql<Unit & { person_id: number; title: string | null }>`
    select distinct on (a.person_id) a.person_id, a.title, o.id, o.code, o.name, o.path, o.custom
    from affiliations a join org_units o on o.id = a.org_id where a.id = any(${affiliationIds}::bigint[])
    order by a.person_id, (a.valid_from is null or a.valid_from <= ${today}::date) and (a.valid_to is null or a.valid_to >= ${today}::date) desc,
      a.valid_from desc nulls last, a.id desc`.execute(db);
  for (const r of rows) out.set(r.person_id, { unit: r, title: r.title });
  return out;
}

/** Names of units by id (for the OU paths). */
export async function unitNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/** The facts of the given active people; merged or missing ids are left out. */
export async function provisionFacts(db: Db, ids: number[], today: string): Promise<Map<number, ProvisionFacts>> {
  const out = new Map<number, ProvisionFacts>();
  if (ids.length === 0) return out;
  const rows = await factRows(db, ids, today);
  const units = await unitsOf(
    db,
    rows.flatMap((r) => r.statuses?.[0]?.affs ?? []),
    today,
  );
  const names = await unitNames(db, [...new Set([...units.values()].flatMap((u) => pathIds(u.unit.path)))]);
  for (const r of rows) {
    const u = units.get(r.id);
    const statuses = [...new Map((r.statuses ?? []).map((s) => [s.id, s])).values()];
    const identifiers = r.identifiers ?? {};
    out.set(r.id, {
      id: r.id,
      givenName: r.given_name,
      middleName: r.middle_name,
      familyName: r.family_name,
      preferredName: r.preferred_name,
      displayName: displayName({ givenName: r.given_name, familyName: r.family_name, preferredName: r.preferred_name }),
      idNumber: identifiers['id-number'] ?? null,
      username: identifiers.username ?? null,
      email: identifiers.email ?? r.emails?.[0]?.address ?? null,
      identifiers,
      primaryStatus: statuses[0]?.name ?? null,
      statuses: statuses.map((s) => s.name),
      categories: [...new Set(statuses.map((s) => s.category))],
      affiliations: r.kinds ?? [],
      orgUnit: u?.unit.code ?? null,
      orgUnitName: u?.unit.name ?? null,
      title: u?.title ?? null,
      unit: u?.unit.custom ?? {},
      groups: [],
      unitId: u?.unit.id ?? null,
      unitPath: u ? pathIds(u.unit.path).map((id) => ({ id, name: names.get(id) ?? String(id) })) : [],
      statusTypeIds: statuses.map((s) => s.id),
    });
  }
  return out;
}
