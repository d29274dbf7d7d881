import { Readable } from 'node:stream';
import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { csvSnapshot } from '../sources/snapshot-files.ts';
import type { AffiliationRecord } from '../sources/snapshot-rows.ts';
import { type FeedSource, FeedGenerator, collegeOf, sourceOf } from './affiliation-feeds.ts';
import { type DemoPerson, demoPeople, specialKeys } from './demo-people.ts';
import { demoUnits } from './demo-institution.ts';

/**
 * The demo's systems of record: HR, student records and housing registered as sources, each
 * delivering its first snapshot of a generated population coded the way the Appendix A
 * status types expect (src/demo/affiliation-feeds.ts), through the real reconciler. So the
 * demo shows sources with snapshots, people created by feeds, and ranked statuses with why
 * each holds. A source whose snapshot was applied before is left alone (restarts, resumed
 * loads).
 */
const sources: { name: FeedSource; label: string; kinds: string[]; description: string }[] = [
  {
    name: 'hr',
    label: 'Human Resources (payroll)',
    kinds: ['employee'],
    description: 'Jobs from the payroll system: one record per job, coded by job status and employee class.',
  },
  {
    name: 'sis',
    label: 'Student records',
    kinds: ['student'],
    description: "The Registry's enrolments: campus and college code, level, registration this term.",
  },
  {
    name: 'housing',
    label: 'Housing contracts',
    kinds: ['resident'],
    description: 'Residence contracts from the housing office, keyed by student number.',
  },
];

/** The people the demo's feeds created (they hold a source key of hr, sis or housing). */
export async function peopleFromFeeds(app: App): Promise<number[]> {
  const rows = await app.db
    .selectFrom('identifiers')
    .select('person_id')
    .distinct()
    .where('kind', '=', 'source-key')
    .where(
      'scope',
      'in',
      sources.map((s) => s.name),
    )
    .orderBy('person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

/**
 * The people the story names also come from HR or student records, so each holds a status with its why (Jon Finke,
 * the README's example, an exempt employee of IT Services): one record each, keyed by their source key.
 */
function namedRecord(p: DemoPerson): AffiliationRecord | null {
  const who = { personKey: p.sourceKey, givenName: p.givenName, familyName: p.familyName, birthDate: p.birthDate };
  const dates = { validFrom: p.validFrom, ...(p.validTo ? { validTo: p.validTo } : {}) };
  if (p.source === 'hr' && (p.affiliation === 'staff' || p.affiliation === 'faculty'))
    return {
      ...who,
      ...dates,
      recordKey: `hr-${p.sourceKey}-1`,
      kind: 'employee',
      orgCode: p.unit,
      title: p.title,
      codes: [p.affiliation === 'faculty' ? 'AF01' : 'AE01'],
      attributes: {},
    };
  if (p.source === 'sis' && p.affiliation === 'student')
    return {
      ...who,
      ...dates,
      recordKey: `sis-${p.sourceKey}`,
      kind: 'student',
      orgCode: p.unit,
      codes: [`T${collegeOf(p.unit)}`],
      attributes: { level: 'UG' },
    };
  return null;
}

/** How many generated people the demo's feeds describe. */
export const DEMO_FEED_PEOPLE = 400;

export async function loadDemoFeeds(app: App, actor: Actor, today: string): Promise<number> {
  const registered = new Set((await app.sources.listSources(actor)).map((s) => s.name));
  const orgs = demoUnits(today)
    .filter((u) => u.kind === 'department')
    .map((u): [string, number] => [u.code, Object.values(u.people ?? {}).reduce((s, n) => s + n, 0)]);
  const generator = new FeedGenerator({ seed: 20_261_123, today, orgs });
  const records: Record<FeedSource, ReturnType<FeedGenerator['nextPerson']>> = { hr: [], sis: [], housing: [] };
  for (let i = 0; i < DEMO_FEED_PEOPLE; i += 1) {
    for (const r of generator.nextPerson()) records[sourceOf(r)].push(r);
  }
  for (const p of demoPeople(today).filter((x) => specialKeys.has(x.key))) {
    const record = namedRecord(p);
    if (record) records[sourceOf(record)].push(record);
  }
  let applied = 0;
  for (const s of sources) {
    if (!registered.has(s.name))
      await app.sources.createSource(actor, {
        name: s.name,
        label: s.label,
        kinds: s.kinds,
        description: s.description,
      });
    const done = await app.snapshots.listSnapshots(actor, { source: s.name, state: 'applied' });
    if (done.length) continue;
    const snapshot = await app.snapshots.receiveSnapshot(actor, s.name, Readable.from([csvSnapshot(records[s.name])]), {
      format: 'csv',
    });
    if (snapshot.state !== 'applied')
      throw new Error(`the demo's ${s.name} snapshot was ${snapshot.state}: ${snapshot.decision}`);
    applied += snapshot.records;
  }
  return applied;
}
