import { systemActor } from '../../src/platform/auth/actor.ts';
import { csvSnapshot, jsonSnapshotLine } from '../../src/sources/snapshot-files.ts';
import type { AffiliationRecord } from '../../src/sources/snapshot-rows.ts';
import type { ReceiveOptions } from '../../src/sources/snapshot-service.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import type { App } from '../../src/app.ts';

export const feeder = systemActor('hr-feed');

/** The org units snapshots in these tests point at. */
export const ORG_CODES = ['UNI', 'SCI', 'CHEM', 'PHYS', 'ART'];

/** A small university (UNI › SCI › CHEM, PHYS; UNI › ART) and the source `hr`, made through the services. */
export async function makeFeedWorld(app: App, source: Record<string, unknown> = {}): Promise<void> {
  const make = async (code: string, kind: string, parentId: number | null) =>
    (await app.orgs.createUnit(feeder, { code, kind, name: `Unit ${code}`, parentId })).id;
  const uni = await make('UNI', 'university', null);
  const sci = await make('SCI', 'faculty', uni);
  await make('CHEM', 'department', sci);
  await make('PHYS', 'department', sci);
  await make('ART', 'faculty', uni);
  await app.sources.createSource(feeder, { name: 'hr', label: 'Human Resources', ...source });
}

/** `n` employees E0001… with one job each (record keys hr-E0001-1 …), deterministic. */
export function employees(n: number, from = 1): AffiliationRecord[] {
  const given = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'John', 'Radia', 'Ken'];
  const family = [
    'Lovelace',
    'Hopper',
    'Turing',
    'Dijkstra',
    'Liskov',
    'Knuth',
    'Allen',
    'McCarthy',
    'Perlman',
    'Thompson',
  ];
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    const key = `E${String(k).padStart(4, '0')}`;
    return {
      recordKey: `hr-${key}-1`,
      personKey: key,
      givenName: given[k % 10],
      familyName: `${family[Math.floor(k / 10) % 10]}${k >= 100 ? `-${Math.floor(k / 100)}` : ''}`,
      birthDate: `19${50 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`,
      kind: 'employee',
      orgCode: ['CHEM', 'PHYS', 'ART'][k % 3],
      title: k % 2 ? 'Lecturer' : 'Technician',
      codes: [`A${k % 4}`],
      validFrom: '2020-01-01',
      attributes: k % 5 === 0 ? { building: `B${k % 7}` } : ({} as Record<string, string>),
    };
  });
}

export const csv = (records: readonly AffiliationRecord[]) => csvSnapshot(records);
export const jsonl = (records: readonly AffiliationRecord[]) => records.map(jsonSnapshotLine).join('');

/** Sends records as a CSV snapshot of `hr` (in chunks, as a stream would). */
export async function send(
  app: App,
  records: readonly AffiliationRecord[] | string,
  options: Partial<ReceiveOptions> = {},
  source = 'hr',
) {
  const text = typeof records === 'string' ? records : csv(records);
  const chunks = (async function* () {
    for (let i = 0; i < text.length; i += 997) yield Buffer.from(text.slice(i, i + 997));
  })();
  return app.snapshots.receiveSnapshot(feeder, source, chunks, { format: 'csv', ...options });
}

/** Everything the reconciler writes, by natural keys (ids differ between databases): what two runs must agree on. */
export async function reconciledState(db: Kysely<DB>) {
  const keyOf = new Map(
    (await db.selectFrom('identifiers').select(['person_id', 'value']).where('kind', '=', 'source-key').execute()).map(
      (r) => [Number(r.person_id), r.value],
    ),
  );
  const people = (
    await db
      .selectFrom('people')
      .select(['id', 'given_name', 'family_name', 'birth_date', 'emails', 'state'])
      .orderBy('id')
      .execute()
  )
    .map((p) => ({
      key: keyOf.get(Number(p.id)) ?? null,
      given: p.given_name,
      family: p.family_name,
      birth: p.birth_date,
      emails: p.emails,
      state: p.state,
    }))
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const affiliations = (
    await db
      .selectFrom('affiliations as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_id')
      .select([
        'a.person_id',
        'a.record_key',
        'a.source',
        'o.code',
        'a.kind',
        'a.title',
        'a.codes',
        'a.valid_from',
        'a.valid_to',
        'a.attributes',
        'a.version',
      ])
      .execute()
  )
    .map((a) => ({
      person: keyOf.get(Number(a.person_id)),
      recordKey: a.record_key,
      source: a.source,
      org: a.code,
      kind: a.kind,
      title: a.title,
      codes: a.codes,
      from: a.valid_from,
      to: a.valid_to,
      attributes: a.attributes,
      version: a.version,
    }))
    .sort((a, b) => String(a.recordKey).localeCompare(String(b.recordKey)));
  const records = (
    await db.selectFrom('source_records').select(['source', 'record_key', 'hash', 'person_id', 'record']).execute()
  )
    .map((r) => ({
      source: r.source,
      recordKey: r.record_key,
      hash: r.hash,
      person: keyOf.get(Number(r.person_id)),
      record: r.record,
    }))
    .sort((a, b) => a.recordKey.localeCompare(b.recordKey));
  return { people, affiliations, records };
}
