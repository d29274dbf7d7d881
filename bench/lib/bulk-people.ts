import { sql } from 'kysely';
import type { Database } from '../../src/platform/db/database.ts';
import { searchName } from '../../src/registry/names.ts';
import { csvLine } from '../../src/demo/csv.ts';
import type { BenchPerson } from '../data/people-csv.ts';
import { progress } from './progress.ts';

/**
 * Loads people straight into the registry's tables with COPY: the rows the person importer
 * would write (people with their cleaned search name, and one source-key identifier each),
 * without its checks, audit or change log. The search and mint benchmarks use it so that
 * what they measure is search and minting, not loading; the import benchmark measures the
 * importer itself. Ids are 1..n; the identity sequence is moved past them afterwards.
 */
const CHUNK = 50_000;

export async function bulkLoadPeople(
  database: Database,
  people: Iterable<BenchPerson>,
  total: number,
  label: string,
): Promise<number> {
  const now = new Date('2026-01-01T00:00:00Z').toISOString();
  const bar = progress(`${label}: bulk COPY of people`, total);
  let id = 0;
  let personLines: string[] = [];
  let identifierLines: string[] = [];
  const flush = async () => {
    if (personLines.length === 0) return;
    await database.copyCsv(
      'people',
      [
        'id',
        'given_name',
        'middle_name',
        'family_name',
        'preferred_name',
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
    personLines = [];
    identifierLines = [];
    bar.update(id);
  };
  for (const p of people) {
    id += 1;
    const emails = JSON.stringify(p.email ? [{ address: p.email.toLowerCase() }] : []);
    personLines.push(
      csvLine([
        String(id),
        p.givenName,
        p.middleName ?? '',
        p.familyName,
        p.preferredName ?? '',
        p.birthDate,
        emails,
        searchName(p),
        now,
        now,
      ]),
    );
    identifierLines.push(csvLine(['source-key', p.source, p.sourceKey, String(id), now]));
    if (personLines.length === CHUNK) await flush();
  }
  await flush();
  await sql`select setval(pg_get_serial_sequence('people', 'id'), ${id})`.execute(database.db);
  await sql`analyze people`.execute(database.db);
  await sql`analyze identifiers`.execute(database.db);
  bar.done(`${id.toLocaleString('en')} people`);
  return id;
}
