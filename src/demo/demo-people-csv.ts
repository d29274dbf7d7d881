import { csvDocument } from './csv.ts';
import type { DemoPerson } from './demo-people.ts';

/** The demo's people as the person importer's CSV: one line each, with their first affiliation. */
export const DEMO_PEOPLE_COLUMNS = [
  'source',
  'source_key',
  'given_name',
  'middle_name',
  'family_name',
  'preferred_name',
  'birth_date',
  'email',
  'org_code',
  'affiliation_kind',
  'title',
];

export function demoPeopleCsv(people: readonly DemoPerson[]): string {
  return csvDocument(
    DEMO_PEOPLE_COLUMNS,
    people.map((p) => [
      p.source,
      p.sourceKey,
      p.givenName,
      p.middleName,
      p.familyName,
      p.preferredName,
      p.birthDate,
      p.emails[0] ?? null,
      p.unit,
      p.affiliation,
      p.title,
    ]),
  );
}
