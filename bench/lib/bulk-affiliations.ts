import { sql } from 'kysely';
import type { Database } from '../../src/platform/db/database.ts';
import { searchName } from '../../src/registry/names.ts';
import { csvLine } from '../../src/demo/csv.ts';
import { type FeedGenerator, sourceOf } from '../../src/demo/affiliation-feeds.ts';
import { progress } from './progress.ts';

/**
 * Loads generated people with their HR, student and housing affiliations straight into the
 * registry's tables with COPY (no checks, audit or change log), so that the status
 * benchmark times the status recompute, not loading. Person ids are 1..n.
 */
const CHUNK = 20_000;

export async function bulkLoadAffiliations(
  database: Database,
  generator: FeedGenerator,
  people: number,
  label: string,
): Promise<{ people: number; affiliations: number }> {
  const now = new Date('2026-01-01T00:00:00Z').toISOString();
  const { rows: units } = await sql<{ code: string; id: number }>`select code, id from org_units`.execute(database.db);
  const orgId = new Map(units.map((u) => [u.code, u.id]));
  const bar = progress(`${label}: bulk COPY of people and affiliations`, people);
  let personLines: string[] = [];
  let identifierLines: string[] = [];
  let affiliationLines: string[] = [];
  let affiliations = 0;
  const flush = async (done: number) => {
    if (personLines.length === 0) return;
    await database.copyCsv(
      'people',
      [
        'id',
        'given_name',
        'middle_name',
        'family_name',
        'birth_date',
        'emails',
        'search_name',
        'created_at',
        'updated_at',
      ],
      `${personLines.join('\n')}\n`,
    );
    await database.copyCsv(
      'identifiers',
      ['kind', 'scope', 'value', 'person_id', 'created_at'],
      `${identifierLines.join('\n')}\n`,
    );
    await database.copyCsv(
      'affiliations',
      [
        'person_id',
        'org_id',
        'kind',
        'title',
        'source',
        'valid_from',
        'valid_to',
        'attributes',
        'record_key',
        'codes',
        'created_at',
        'updated_at',
      ],
      `${affiliationLines.join('\n')}\n`,
    );
    personLines = [];
    identifierLines = [];
    affiliationLines = [];
    bar.update(done);
  };
  for (let id = 1; id <= people; id += 1) {
    const records = generator.nextPerson();
    const first = records[0];
    const name = {
      givenName: first.givenName ?? '',
      middleName: first.middleName ?? null,
      familyName: first.familyName ?? '',
      preferredName: null,
    };
    personLines.push(
      csvLine([
        id,
        name.givenName,
        name.middleName ?? '',
        name.familyName,
        first.birthDate ?? '',
        JSON.stringify(first.email ? [{ address: first.email }] : []),
        searchName(name),
        now,
        now,
      ]),
    );
    const keys = new Set<string>();
    for (const r of records) {
      const source = sourceOf(r);
      if (!keys.has(`${source}:${r.personKey}`)) {
        keys.add(`${source}:${r.personKey}`);
        identifierLines.push(csvLine(['source-key', source, r.personKey, id, now]));
      }
      const org = orgId.get(r.orgCode);
      if (org === undefined)
        throw new Error(`generated record ${r.recordKey} names org ${r.orgCode}, which the benchmark did not create`);
      affiliationLines.push(
        csvLine([
          id,
          org,
          r.kind,
          r.title ?? '',
          source,
          r.validFrom ?? '',
          r.validTo ?? '',
          JSON.stringify(r.attributes),
          r.recordKey,
          `{${r.codes.join(',')}}`,
          now,
          now,
        ]),
      );
      affiliations += 1;
    }
    if (personLines.length === CHUNK) await flush(id);
  }
  await flush(people);
  await sql`select setval(pg_get_serial_sequence('people', 'id'), ${people})`.execute(database.db);
  for (const table of ['people', 'identifiers', 'affiliations']) await sql.raw(`analyze ${table}`).execute(database.db);
  bar.done(`${people.toLocaleString('en')} people, ${affiliations.toLocaleString('en')} affiliations`);
  return { people, affiliations };
}
