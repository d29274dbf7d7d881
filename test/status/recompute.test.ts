import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/demo/random.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { addBarePerson, countRows, feedAffiliation, storedRows } from './world.ts';
import { addDays } from '../../src/platform/dates.ts';

/**
 * Refreshing people one by one and the full recompute write the same rows: two registries
 * get the same people, affiliations and clock, one refreshed person by person after every
 * change and the other recomputed in batches; their status histories must match at every
 * step. Running the recompute again writes nothing, and one cut short finishes on re-run.
 */
const actor = systemActor('test');
const PEOPLE = 41;

interface World {
  t: TestApp;
  people: number[];
  affiliations: number[];
}

async function makeWorld(): Promise<World> {
  const t = await makeTestApp({ start: '2026-03-01T09:00:00Z' });
  const root = await addOrg(t, 'UNI');
  const eng = await addOrg(t, 'ENG', root);
  await addOrg(t, 'SCI', root);
  const types = [
    { name: 'Exempt', rank: 750, category: 'employee', match: { sources: ['hr'], codes: ['AE%'] } },
    { name: 'Faculty', rank: 750, category: 'employee', match: { sources: ['hr'], codes: ['AF%'] } },
    {
      name: 'Engineering staff',
      rank: 700,
      category: 'employee',
      match: { sources: ['hr'], orgPath: `/${root}/${eng}/` },
    },
    { name: 'New hire', rank: 740, category: 'employee', match: { sources: ['hr'], attributes: { hr_ok: 'Y' } } },
    { name: 'Student', rank: 640, category: 'student', match: { sources: ['sis'], kinds: ['student'] } },
    { name: 'Resident', rank: 150, category: 'resident', match: { sources: ['housing'] } },
  ];
  for (const type of types) await t.app.status.types.createType(actor, type);
  return { t, people: [], affiliations: [] };
}

/** The same seeded people and affiliations in a world (ids come out equal in fresh databases). */
async function populate(w: World): Promise<void> {
  const rnd = new Random(42);
  const units = (await w.t.db().selectFrom('org_units').select('id').orderBy('id').execute()).map((u) => u.id);
  const day = () => addDays('2025-01-01', rnd.int(0, 700));
  for (let i = 0; i < PEOPLE - 1; i++) {
    const id = await addBarePerson(w.t, `P${i}`, `Person${i}`);
    w.people.push(id);
    for (let n = rnd.int(0, 4); n > 0; n--) {
      const [from, to] = [day(), day()].sort();
      const source = rnd.pick(['hr', 'hr', 'hr', 'sis', 'housing']);
      w.affiliations.push(
        await feedAffiliation(w.t, id, {
          orgId: rnd.pick(units),
          source,
          kind: source === 'sis' ? 'student' : source === 'housing' ? 'resident' : 'employee',
          codes: source === 'hr' ? [rnd.pick(['AE1', 'AF2', 'AN3'])] : [],
          attributes: rnd.chance(0.2) ? { hr_ok: 'Y', grade: 7 } : {},
          validFrom: rnd.chance(0.1) ? null : from,
          validTo: rnd.chance(0.3) ? null : to,
        }),
      );
    }
  }
  // And one whose job hands over to the next across a five-day gap (a bridge).
  const id = await addBarePerson(w.t, 'Bea', 'Bridge');
  w.people.push(id);
  w.affiliations.push(
    await feedAffiliation(w.t, id, { orgId: units[2], codes: ['AE1'], validFrom: '2025-01-01', validTo: '2026-06-30' }),
  );
  w.affiliations.push(await feedAffiliation(w.t, id, { orgId: units[2], codes: ['AF1'], validFrom: '2026-07-06' }));
}

/** The same seeded changes of facts in a world: ends moved, starts corrected, affiliations withdrawn. */
async function perturb(w: World, seed: number): Promise<void> {
  const rnd = new Random(seed);
  const db = w.t.db();
  for (const id of w.affiliations) {
    if (!rnd.chance(0.25)) continue;
    const action = rnd.int(0, 2);
    if (action === 0)
      await db
        .updateTable('affiliations')
        .set({ valid_to: addDays('2026-01-01', rnd.int(0, 300)), valid_from: null })
        .where('id', '=', id)
        .execute();
    else if (action === 1)
      await db
        .updateTable('affiliations')
        .set({ codes: [rnd.pick(['AE9', 'AF9', 'XX'])] })
        .where('id', '=', id)
        .execute();
    else
      await db
        .updateTable('affiliations')
        .set({ kind: 'withdrawn', source: 'withdrawn' })
        .where('id', '=', id)
        .execute();
  }
}

describe('refreshing each person and the full recompute agree', () => {
  let byPerson: World;
  let byRecompute: World;
  beforeAll(async () => {
    byPerson = await makeWorld();
    byRecompute = await makeWorld();
    await populate(byPerson);
    await populate(byRecompute);
  });
  afterAll(async () => {
    await byPerson.t.close();
    await byRecompute.t.close();
  });

  const refreshEveryone = async (w: World) => {
    for (const id of w.people) await w.t.app.status.refreshPerson(actor, id);
  };

  it('writes the same status history, step after step, as facts change and time passes', async () => {
    expect(byRecompute.people).toEqual(byPerson.people);
    await refreshEveryone(byPerson);
    const progress: number[] = [];
    const first = await byRecompute.t.app.status.recomputeAll(actor, {
      batchSize: 7,
      onProgress: (p) => progress.push(p.done),
    });
    expect(progress).toEqual([7, 14, 21, 28, 35, 41]);
    expect(first).toMatchObject({
      people: PEOPLE,
      total: PEOPLE,
      done: PEOPLE,
      nextAfter: null,
      updated: 0,
      closed: 0,
      deleted: 0,
    });
    expect(first.opened).toBeGreaterThan(PEOPLE / 2);
    const rows = await storedRows(byPerson.t);
    expect(await storedRows(byRecompute.t)).toEqual(rows);
    expect(rows.some((r) => r.includes('originalEnd'))).toBe(true);

    for (const [step, at] of [
      [1, '2026-05-20T09:00:00Z'],
      [2, '2026-11-02T09:00:00Z'],
      [3, '2027-02-01T09:00:00Z'],
    ] as const) {
      for (const w of [byPerson, byRecompute]) {
        w.t.clock.set(at);
        await perturb(w, step);
      }
      await refreshEveryone(byPerson);
      const counts = await byRecompute.t.app.status.recomputeAll(actor, { batchSize: 9 });
      expect(counts.updated + counts.closed + counts.deleted + counts.opened, `step ${step}`).toBeGreaterThan(0);
      expect(await storedRows(byRecompute.t), `step ${step}`).toEqual(await storedRows(byPerson.t));
    }
    const closed = await byRecompute.t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'person_status')
      .where('op', '=', 'closed')
      .execute();
    expect(closed.length).toBeGreaterThan(0);
  });

  it('writes nothing, not even an audit row, when run again', async () => {
    const before = await Promise.all([
      countRows(byRecompute.t, 'audit_log'),
      countRows(byRecompute.t, 'change_log'),
      countRows(byRecompute.t, 'person_statuses'),
    ]);
    const again = await byRecompute.t.app.status.recomputeAll(actor, { batchSize: 5 });
    expect(again).toMatchObject({ people: PEOPLE, opened: 0, updated: 0, closed: 0, deleted: 0 });
    expect(
      await Promise.all([
        countRows(byRecompute.t, 'audit_log'),
        countRows(byRecompute.t, 'change_log'),
        countRows(byRecompute.t, 'person_statuses'),
      ]),
    ).toEqual(before);
    // A recompute over what refreshes wrote agrees with them too.
    expect((await byPerson.t.app.status.recomputeAll(actor)).opened).toBe(0);
  });
});

describe('a recompute cut short', () => {
  let w: World;
  let reference: string[];
  beforeAll(async () => {
    w = await makeWorld();
    await populate(w);
    await w.t.app.status.recomputeAll(actor);
    reference = await storedRows(w.t);
    await w.t.db().deleteFrom('person_statuses').execute();
  });
  afterAll(() => w.t.close());

  it('keeps the batches it committed and finishes on the next run', async () => {
    let batches = 0;
    await expect(
      w.t.app.status.recomputeAll(actor, {
        batchSize: 10,
        onProgress: () => {
          if (++batches === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const partial = await w.t.db().selectFrom('person_statuses').select('person_id').distinct().execute();
    expect(Math.max(...partial.map((r) => r.person_id))).toBeLessThanOrEqual(w.people[19]);
    const rest = await w.t.app.status.recomputeAll(actor, { batchSize: 10 });
    expect(await storedRows(w.t)).toEqual(reference);
    expect(rest.opened).toBeLessThan(reference.length);
  });

  it('goes a slice at a time over HTTP, each answer saying where to go on', async () => {
    await w.t.db().deleteFrom('person_statuses').execute();
    let body: Record<string, unknown> = { batchSize: 4, maxPeople: 15 };
    const slices: { done: number; nextAfter: number | null }[] = [];
    for (;;) {
      const r = await w.t.call(w.t.tokens.admin, { method: 'POST', url: '/statuses/recompute', payload: body });
      expect(r.statusCode, r.body).toBe(200);
      const answer = r.json();
      slices.push({ done: answer.done, nextAfter: answer.nextAfter });
      expect(answer.total).toBe(PEOPLE);
      if (answer.nextAfter === null) break;
      body = { ...body, afterPersonId: answer.nextAfter };
    }
    expect(slices.map((s) => s.done)).toEqual([15, 30, 41]);
    expect(slices[0].nextAfter).toBe(w.people[14]);
    expect(await storedRows(w.t)).toEqual(reference);
  });
});
