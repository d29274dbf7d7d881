import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarForUnit } from '../../src/calendars/calendar-store.ts';
import { dueSql, GUESTS_WITH_DAYS } from '../../src/guests/due-sql.ts';
import { dueOn } from '../../src/guests/due-time.ts';
import { visitorLifecycle } from '../../src/guests/default-lifecycles.ts';
import { dateFields, type DueRule, type Offset } from '../../src/guests/lifecycle.ts';
import { readGuestSettings } from '../../src/guests/sponsorship.ts';
import { addDays } from '../../src/platform/dates.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { createGuest, guest, history, makeGuestWorld, newPerson, on, sweep, type GuestWorld } from '../guests/world.ts';
import { random } from '../guests/random.ts';
import { institution } from './calendar-fixtures.ts';

/**
 * Guest durations on the institution calendar (issue 16): a default stay until the end of term, and a reminder
 * `expiringDays` working days before the end that skips weekends and the holidays of the calendar that applies to
 * the guest's host unit; the sweep moves the guest on those days as the clock moves. The sweep's SQL gives every
 * guest the due day of the pure rule, whichever calendar applies (a unit's own, the nearest up its tree, the
 * institution's).
 */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-12-01T09:00:00Z' });
  w = await makeGuestWorld(t);
  const r = await t.call(t.tokens.admin, { method: 'POST', url: '/calendars', payload: institution });
  expect(r.statusCode, r.body).toBe(201);
});
afterAll(() => t.close());

describe('a reminder counted in working days', () => {
  it('moves the guest to expiring on the working day the calendar gives, not the calendar day', async () => {
    const lifecycle = {
      ...visitorLifecycle,
      name: 'visitor-wd',
      transitions: visitorLifecycle.transitions.map((x) =>
        x.name === 'expire-soon'
          ? { ...x, when: { date: 'validTo', before: 'expiringDays', unit: 'working-days' } }
          : x,
      ),
    };
    const put = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/guest-lifecycles/visitor-wd',
      headers: { 'if-match': '"0"' },
      payload: lifecycle,
    });
    expect(put.statusCode, put.body).toBe(200);
    const type = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: { name: 'Visitor WD', label: 'Visitor (working days)', lifecycle: 'visitor-wd', expiringDays: 3 },
    });
    expect(type.statusCode, type.body).toBe(201);
    on(t, '2026-12-01');
    const g = await createGuest(t, {
      personId: await newPerson(t),
      type: 'Visitor WD',
      validFrom: '2026-12-01',
      validTo: '2026-12-29',
      hostOrgId: w.physics,
      guarantorId: w.guarantor,
    });
    // Tuesday 29 December; 28 and 25 are holidays, 26–27 a weekend: three working days before is Tuesday 22.
    const steps: [string, string][] = [
      ['2026-12-01', 'active'],
      ['2026-12-21', 'active'],
      ['2026-12-22', 'expiring'],
      ['2026-12-30', 'disabled'],
    ];
    for (const [day, state] of steps) {
      on(t, day);
      await sweep(t);
      expect((await guest(t, g.id)).state, day).toBe(state);
    }
    const h = await history(t, g.id);
    expect(h.find((x) => x.transition === 'expire-soon')?.dueOn).toBe('2026-12-22');
  });

  it('refuses an unknown unit on a lifecycle rule, naming the field', async () => {
    const lifecycle = {
      ...visitorLifecycle,
      name: 'visitor-bad',
      transitions: visitorLifecycle.transitions.map((x) =>
        x.name === 'expire-soon' ? { ...x, when: { date: 'validTo', before: 3, unit: 'fortnights' } } : x,
      ),
    };
    const r = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/guest-lifecycles/visitor-bad',
      headers: { 'if-match': '"0"' },
      payload: lifecycle,
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().errors)).toContain('/transitions/4/when');
    const stored = await t
      .db()
      .selectFrom('guest_lifecycles')
      .select('name')
      .where('name', '=', 'visitor-bad')
      .execute();
    expect(stored).toEqual([]);
  });
});

describe('a default stay until the end of term', () => {
  it('ends the guest with the term it starts in, or the next one between terms, and disables it after', async () => {
    const type = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: {
        name: 'Term visitor',
        label: 'Term visitor',
        lifecycle: 'visitor',
        defaultDays: 1,
        defaultUnit: 'end-of-term',
        expiringDays: 14,
      },
    });
    expect(type.statusCode, type.body).toBe(201);
    expect(type.json()).toMatchObject({ defaultDays: 1, defaultUnit: 'end-of-term' });
    const body = async () => ({
      personId: await newPerson(t),
      type: 'Term visitor',
      hostOrgId: w.physics,
      guarantorId: w.guarantor,
    });
    on(t, '2026-12-01');
    const g = await createGuest(t, await body());
    expect(g.validTo).toBe('2026-12-18');
    const between = await createGuest(t, { ...(await body()), validFrom: '2026-12-20' });
    expect(between.validTo).toBe('2027-03-26');
    const steps: [string, string][] = [
      ['2026-12-03', 'active'],
      ['2026-12-04', 'expiring'],
      ['2026-12-18', 'expiring'],
      ['2026-12-19', 'disabled'],
    ];
    for (const [day, state] of steps) {
      on(t, day);
      await sweep(t);
      expect((await guest(t, g.id)).state, day).toBe(state);
    }
    const late = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guests',
      payload: { ...(await body()), validFrom: '2027-06-01' },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: '/validTo', rule: 'term-exists' });
  });
});

describe('working-day due rules in SQL', () => {
  it('agree with the pure rule for random guests under each calendar', async () => {
    const rnd = random(7122026);
    const fac = await addOrg(t, 'FAC6');
    const lab = await addOrg(t, 'LAB6', fac);
    const calendar = {
      name: 'six-days',
      label: 'Six-day week',
      orgId: fac,
      definition: {
        workingDays: [1, 2, 3, 4, 5, 6],
        holidays: [{ date: '2027-01-06', name: 'Epiphany' }],
        terms: [],
      },
    };
    expect((await t.call(t.tokens.admin, { method: 'POST', url: '/calendars', payload: calendar })).statusCode).toBe(
      201,
    );
    const hosts = [lab, fac, w.physics, null];
    const now = t.clock.now();
    const type = (
      await t.db().selectFrom('guest_types').select('id').where('name', '=', 'Visitor').executeTakeFirstOrThrow()
    ).id;
    for (let i = 0; i < 60; i++) {
      const validFrom = addDays('2026-12-20', rnd.int(40) - 20);
      await t
        .db()
        .insertInto('guests')
        .values({
          person_id: w.guarantor,
          type_id: type,
          state: 'active',
          state_since: validFrom,
          valid_from: validFrom,
          valid_to: rnd.chance(0.9) ? addDays(validFrom, rnd.int(30)) : null,
          host_org_id: hosts[i % hosts.length],
          services: '[]',
          in_directory: false,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const { settings } = await readGuestSettings(t.db());
    const offsets: Offset[] = [1, 4, 'expiringDays'];
    const rules: DueRule[] = dateFields.flatMap((date) => [
      { date, unit: 'working-days' as const },
      ...offsets.flatMap((o) => [
        { date, before: o, unit: 'working-days' as const },
        { date, after: o, unit: 'working-days' as const },
      ]),
    ]);
    const calendars = new Map<number | null, Awaited<ReturnType<typeof calendarForUnit>>>();
    for (const h of hosts) calendars.set(h, await calendarForUnit(t.db(), h));
    expect(calendars.get(lab)?.name).toBe('six-days');
    expect(calendars.get(w.physics)?.name).toBe('institution');
    let compared = 0;
    for (const rule of rules) {
      const { rows } = await sql<{
        valid_from: string;
        valid_to: string | null;
        state_since: string;
        host_org_id: number | null;
        expiring_days: number;
        retention_days: number;
        x: string | null;
      }>`select g.valid_from::text as valid_from, g.valid_to::text as valid_to, g.state_since::text as state_since,
               g.host_org_id, t.expiring_days, t.retention_days, (${dueSql(rule, '2026-12-20', settings)})::date::text as x
         from ${GUESTS_WITH_DAYS} order by g.id`.execute(t.db());
      for (const r of rows) {
        const expected = dueOn(
          rule,
          { validFrom: r.valid_from, validTo: r.valid_to, stateSince: r.state_since, sponsorId: null },
          { expiringDays: r.expiring_days, retentionDays: r.retention_days },
          null,
          '2026-12-20',
          { calendar: calendars.get(r.host_org_id)?.definition ?? null },
        );
        expect(r.x, `${JSON.stringify(rule)} host ${r.host_org_id} from ${r.valid_from}`).toBe(expected);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
