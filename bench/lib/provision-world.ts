import { sql } from 'kysely';
import { isoDate } from '../../src/platform/dates.ts';
import { PeopleGenerator } from '../data/people-csv.ts';
import { bulkLoadPeople } from './bulk-people.ts';
import { log, progress } from './progress.ts';
import { timed } from './stats.ts';
import { benchActor } from './steward.ts';
import type { Target } from './targets.ts';

/**
 * The provisioning benchmarks' institution, loaded in bulk (nothing here is timed): a
 * nested tree of about U org units (faculties → departments → sections), N people with
 * realistic names (bench/data/people-csv.ts) each holding a username and one current
 * `member` affiliation in a section, the status type Member derived from it (the real
 * recompute), and G basic groups in the folder `dir` with two memberships a person, their
 * effective memberships rebuilt. People ids are 1..N.
 */
export const STATUS = 'Member';
export const FOLDER = 'dir';
const START = '2025-09-01';

export interface ProvisionWorld {
  people: number;
  units: number;
  sections: number[];
  groups: string[];
  memberships: number;
}

/** Faculties × departments × sections close to `total` units. */
function shape(total: number): [number, number, number] {
  const faculties = Math.max(1, Math.round(Math.cbrt(total) / 1.2));
  const departments = Math.max(1, Math.round(Math.sqrt(total / faculties) / 1.2));
  const sections = Math.max(1, Math.round((total - faculties - faculties * departments) / (faculties * departments)));
  return [faculties, departments, sections];
}

async function orgTree(target: Target, total: number): Promise<{ units: number; sections: number[] }> {
  const db = target.app.db;
  const now = new Date(`${START}T00:00:00Z`);
  const [f, d, s] = shape(total);
  for (const [kind, label] of [
    ['faculty', 'Faculty'],
    ['department', 'Department'],
    ['section', 'Section'],
  ])
    await db
      .insertInto('org_kinds')
      .values({ kind, label, fields: '[]', created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  await sql`insert into org_units (code, kind, name, alt_names, parent_id, path, custom, created_at, updated_at)
    select 'F' || i, 'faculty', 'Faculty ' || i, '[]', null, 'x:F' || i, '{}', ${now}::timestamptz, ${now}::timestamptz
    from generate_series(1, ${f}) i`.execute(db);
  await sql`update org_units set path = '/' || id || '/' where path like 'x:%'`.execute(db);
  const level = async (parentKind: string, kind: string, label: string, n: number) => {
    await sql`insert into org_units (code, kind, name, alt_names, parent_id, path, custom, created_at, updated_at)
      select p.code || '-' || i, ${kind}, ${label} || ' ' || substr(p.code, 2) || '.' || i, '[]', p.id, 'x:' || p.code || '-' || i, '{}', ${now}::timestamptz, ${now}::timestamptz
      from org_units p cross join generate_series(1, ${n}) i where p.kind = ${parentKind}`.execute(db);
    await sql`update org_units c set path = p.path || c.id || '/' from org_units p where c.path like 'x:%' and p.id = c.parent_id`.execute(
      db,
    );
  };
  await level('faculty', 'department', 'Department', d);
  await level('department', 'section', 'Section', s);
  const rows = await db.selectFrom('org_units').select('id').where('kind', '=', 'section').orderBy('id').execute();
  return { units: f + f * d + f * d * s, sections: rows.map((r) => r.id) };
}

async function peopleWithStatus(target: Target, people: number, sections: number[], seed: number): Promise<void> {
  const db = target.app.db;
  const now = new Date(`${START}T00:00:00Z`);
  const generator = new PeopleGenerator(seed, [['X', 1]]);
  const stream = {
    *[Symbol.iterator]() {
      for (let i = 0; i < people; i += 1) yield generator.next();
    },
  };
  await bulkLoadPeople(target.app.database, stream, people, target.engine);
  await sql`insert into identifiers (kind, value, person_id, created_at)
    select 'username', 'u' || lpad(id::text, 7, '0'), id, ${now}::timestamptz from people`.execute(db);
  await sql`insert into affiliations (person_id, org_id, kind, valid_from, attributes, created_at, updated_at)
    select p.id, (${sections}::bigint[])[1 + (p.id * 7919) % ${sections.length}], 'member', ${START}::date, '{}', ${now}::timestamptz, ${now}::timestamptz
    from people p`.execute(db);
  await sql`analyze`.execute(db);
  await target.app.status.types.createType(benchActor, {
    name: STATUS,
    rank: 500,
    category: 'employee',
    match: { kinds: ['member'] },
  });
  const bar = progress(`${target.engine}: deriving statuses`, people);
  await target.app.status.recomputeAll(benchActor, { batchSize: 2000, onProgress: ({ done }) => bar.update(done) });
  bar.done();
}

async function groupsWithMembers(target: Target, groups: number): Promise<number> {
  const db = target.app.db;
  const now = new Date(`${START}T00:00:00Z`);
  const folder = await target.app.groups.folders.create(benchActor, { extension: FOLDER });
  await sql`insert into groups (folder_id, extension, name, kind, created_at, updated_at)
    select ${folder.id}, 'g' || lpad(i::text, 5, '0'), ${FOLDER} || ':g' || lpad(i::text, 5, '0'), 'basic', ${now}::timestamptz, ${now}::timestamptz
    from generate_series(1, ${groups}) i`.execute(db);
  const first = Number((await sql<{ id: number }>`select min(id) as id from groups`.execute(db)).rows[0].id);
  // two distinct groups a person: (7p) mod G and (7p + 1 + p mod (G-1)) mod G
  const { rows } = await sql<{ n: number }>`with m as (
      insert into group_memberships (group_id, member_person_id, added_by, added_at, updated_at)
      select distinct ${first} + g, p.id, 'bench', ${now}::timestamptz, ${now}::timestamptz from people p
      cross join lateral (values ((p.id * 7) % ${groups}), ((p.id * 7 + 1 + p.id % ${Math.max(1, groups - 1)}) % ${groups})) as x(g)
      returning 1) select count(*)::int as n from m`.execute(db);
  await sql`analyze`.execute(db);
  log(`${target.engine}: rebuilding effective memberships of ${groups.toLocaleString('en')} groups…`);
  const rebuilt = await timed(() => target.app.groups.effective.rebuildAll(benchActor));
  log(`${target.engine}: rebuilt in ${(rebuilt.ms / 1000).toFixed(1)} s`);
  return Number(rows[0].n);
}

export async function buildProvisionWorld(
  target: Target,
  size: { people: number; units: number; groups: number },
  seed: number,
): Promise<ProvisionWorld> {
  log(`${target.engine}: ${size.units.toLocaleString('en')} org units, ${size.people.toLocaleString('en')} people…`);
  const tree = await orgTree(target, size.units);
  await peopleWithStatus(target, size.people, tree.sections, seed);
  const memberships = await groupsWithMembers(target, size.groups);
  const names = await target.app.db.selectFrom('groups').select('name').orderBy('id').execute();
  return {
    people: size.people,
    units: tree.units,
    sections: tree.sections,
    groups: names.map((g) => g.name),
    memberships,
  };
}

/** Today and yesterday by the app's clock (affiliations move on calendar days). */
export function days(now: Date): { today: string; yesterday: string } {
  return { today: isoDate(now), yesterday: isoDate(new Date(now.getTime() - 86_400_000)) };
}
