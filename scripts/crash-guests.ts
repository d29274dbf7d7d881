// The guests of the crash campaign (scripts/crash-campaign.ts): visitors made from imported
// people, whose whole lifecycle (pending → active → expiring → disabled → archived) comes due
// at once, so one sweep moves each through four transitions; and the check that each guest
// ended archived with each transition once, in order.
import type { App } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import type { Check } from './crash-checks.ts';
import { actor, campaignApp } from './crash-work.ts';
import { insertRootUnit } from '../bench/lib/root-unit.ts';

const TYPE = 'Crash visitor';
const DAY = 86_400_000;
/** Every transition of a guest made by seedGuests is due this long after it was made. */
export const GUESTS_DUE_AFTER_MS = 10 * DAY;

/** Makes `count` visitors of people imported from hr; returns their ids. */
export async function seedGuests(where: { databaseUrl?: string; dataDir?: string }, at: number, count: number) {
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    return await seedGuestsIn(campaignApp(database, new ManualClock(new Date(at).toISOString())), at, count);
  } finally {
    await database.close();
  }
}

/** The same in an app whose clock is at `at`. */
export async function seedGuestsIn(app: App, at: number, count: number): Promise<number[]> {
  const now = new Date(at);
  await app.db
    .insertInto('org_kinds')
    .values({ kind: 'unit', label: 'Unit', fields: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const host = await insertRootUnit(app.db, { code: 'CRASH', kind: 'unit', name: 'Crash hosts' }, now);
  await app.guests.config.createType(actor, {
    name: TYPE,
    label: TYPE,
    lifecycle: 'visitor',
    expiringDays: 1,
    retentionDays: 1,
  });
  const people = await app.db
    .selectFrom('identifiers')
    .select('person_id')
    .where('kind', '=', 'source-key')
    .orderBy('person_id')
    .limit(count)
    .execute();
  const day = (d: number) => new Date(at + d * DAY).toISOString().slice(0, 10);
  const ids: number[] = [];
  for (const p of people) {
    const g = await app.guests.records.create(actor, {
      personId: p.person_id,
      type: TYPE,
      validFrom: day(1),
      validTo: day(3),
      hostOrgId: host,
    });
    ids.push(g.id);
  }
  return ids;
}

export async function checkGuests(where: { databaseUrl?: string; dataDir?: string }, ids: number[]): Promise<Check> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    const guests = await database.db.selectFrom('guests').select(['id', 'state']).where('id', 'in', ids).execute();
    const transitions = await database.db
      .selectFrom('guest_transitions')
      .select(['guest_id', 'transition'])
      .where('guest_id', 'in', ids)
      .orderBy('guest_id')
      .orderBy('id')
      .execute();
    const paths = new Map<number, string[]>();
    for (const t of transitions) paths.set(t.guest_id, [...(paths.get(t.guest_id) ?? []), t.transition]);
    const want = 'enter,activate,expire-soon,disable,archive';
    const wrong = ids.filter((id) => paths.get(id)?.join(',') !== want);
    const archived = guests.filter((g) => g.state === 'archived').length;
    return {
      name: 'guests end as an uninterrupted sweep leaves them (archived, each transition once, in order)',
      ok: guests.length === ids.length && archived === ids.length && wrong.length === 0,
      detail: `${archived} of ${ids.length} archived, ${wrong.length} with other transitions${wrong.length ? ` (guest ${wrong[0]}: ${paths.get(wrong[0])?.join(',')})` : ''}`,
    };
  } finally {
    await database.close();
  }
}
