import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionSql, dueSql, GUESTS_WITH_DAYS } from '../../src/guests/due-sql.ts';
import { conditionHolds, dueOn } from '../../src/guests/due-time.ts';
import { conditions, dateFields, type DueRule, type Offset } from '../../src/guests/lifecycle.ts';
import { maySponsor, readGuestSettings, sponsorLastDay } from '../../src/guests/sponsorship.ts';
import { addDays } from '../../src/platform/dates.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { random } from './random.ts';

/**
 * The sweep finds due guests with SQL (due-sql.ts); what "due" means is due-time.ts. On
 * random guest types (their expiring and retention days), tenant units (ending or not) and
 * guests (every date, open-ended or not, sponsored by someone who may or may not sponsor,
 * handed over until a deadline or not, handover-rules.ts), the SQL's due day and condition agree
 * with the pure functions for every guest and every kind of rule.
 */
let t: TestApp;
const TODAY = '2026-09-15';
const rnd = random(15092026);
const day = (from: string, spread: number) => addDays(from, rnd.int(2 * spread + 1) - spread);

interface Row {
  id: number;
  valid_from: string;
  valid_to: string | null;
  state_since: string;
  sponsor_id: number | null;
  tenant_valid_to: string | null;
  expiring_days: number;
  retention_days: number;
  handover_deadline: string | null;
}

beforeAll(async () => {
  t = await makeTestApp({ start: `${TODAY}T09:00:00Z` });
  const db = t.db();
  const now = t.clock.now();
  const tenants: number[] = [];
  for (let i = 0; i < 5; i++) {
    const id = await addOrg(t, `T${i}`);
    if (rnd.chance(0.6))
      await db
        .updateTable('org_units')
        .set({ valid_to: day(TODAY, 60) })
        .where('id', '=', id)
        .execute();
    tenants.push(id);
  }
  const staff = await addOrg(t, 'STAFF');
  const people: number[] = [];
  for (let i = 0; i < 9; i++) {
    const body = { givenName: `Sam${i}`, familyName: `Sponsor${i}`, emails: [{ address: `s${i}@x.example` }] };
    // A third hold a current affiliation (and so may sponsor), a third one that ended before today, a third none.
    const ended = { orgId: staff, kind: 'staff', validFrom: '2025-01-01', validTo: day(addDays(TODAY, -70), 60) };
    const affiliation = [undefined, { orgId: staff, kind: 'staff' }, ended][i % 3];
    people.push((await createPerson(t, affiliation ? { ...body, affiliation } : body)).id);
  }
  const types: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: {
        name: `Kind${i}`,
        label: `Kind ${i}`,
        lifecycle: 'visitor',
        expiringDays: rnd.int(40),
        retentionDays: rnd.int(200),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    types.push(r.json().id);
  }
  for (let i = 0; i < 120; i++) {
    const validFrom = day(TODAY, 200);
    await db
      .insertInto('guests')
      .values({
        person_id: rnd.pick(people),
        type_id: rnd.pick(types),
        state: 'active',
        state_since: day(TODAY, 200),
        valid_from: validFrom,
        valid_to: rnd.chance(0.8) ? addDays(validFrom, rnd.int(300)) : null,
        tenant_org_id: rnd.chance(0.4) ? rnd.pick(tenants) : null,
        sponsor_id: rnd.chance(0.5) ? rnd.pick(people) : null,
        services: '[]',
        in_directory: false,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  // A third of the guests were handed over: most still open, with a deadline passed or to come, some closed.
  const guestIds = (await db.selectFrom('guests').select('id').orderBy('id').execute()).map((g) => g.id);
  for (const guestId of guestIds.filter(() => rnd.chance(0.35))) {
    const closed = rnd.chance(0.25);
    const since = day(TODAY, 20);
    await db
      .insertInto('guest_handovers')
      .values({
        guest_id: guestId,
        role: 'sponsor',
        voucher_id: rnd.pick(people),
        org_id: staff,
        since,
        deadline: addDays(since, rnd.int(30)),
        created_at: now,
        closed_at: closed ? now : null,
        outcome: closed ? 'taken-over' : null,
      })
      .execute();
  }
});
afterAll(() => t.close());

/** Every kind of date rule: each date, no offset, a number of days before or after, each setting before or after. */
function dateRules(): DueRule[] {
  const offsets: Offset[] = [3, 30, 'expiringDays', 'retentionDays'];
  return dateFields.flatMap((date) => [
    { date },
    ...offsets.map((o) => ({ date, before: o })),
    ...offsets.map((o) => ({ date, after: o })),
  ]);
}

async function guests(extra: ReturnType<typeof sql>): Promise<(Row & { x: unknown })[]> {
  const { rows } = await sql<Row & { x: unknown }>`
    select g.id, g.valid_from::text as valid_from, g.valid_to::text as valid_to, g.state_since::text as state_since,
           g.sponsor_id, o.valid_to::text as tenant_valid_to, t.expiring_days, t.retention_days, ${extra} as x,
           (select h.deadline::text from guest_handovers h where h.guest_id = g.id and h.closed_at is null) as handover_deadline
    from ${GUESTS_WITH_DAYS} order by g.id`.execute(t.db());
  return rows;
}

const facts = (r: Row) => ({
  guest: { validFrom: r.valid_from, validTo: r.valid_to, stateSince: r.state_since, sponsorId: r.sponsor_id },
  type: { expiringDays: r.expiring_days, retentionDays: r.retention_days },
  tenant: { validTo: r.tenant_valid_to },
});

describe('the due rules in SQL', () => {
  it('give every guest the due day of the pure rule, for every kind of rule', async () => {
    let open = 0;
    let handedOver = 0;
    let waiting = 0;
    const { settings } = await readGuestSettings(t.db());
    const lastDays = new Map<number, string | null>();
    for (const rule of [...dateRules(), ...conditions.map((condition) => ({ condition }))]) {
      const rows = await guests(sql`(${dueSql(rule, TODAY, settings)})::date::text`);
      expect(rows).toHaveLength(120);
      for (const r of rows) {
        const f = facts(r);
        if (r.sponsor_id !== null && !lastDays.has(r.sponsor_id))
          lastDays.set(r.sponsor_id, await sponsorLastDay(t.db(), r.sponsor_id, TODAY));
        const sponsorEnd = r.sponsor_id === null ? null : lastDays.get(r.sponsor_id)!;
        expect(r.x, `${JSON.stringify(rule)} guest ${r.id}`).toBe(
          dueOn(rule, f.guest, f.type, f.tenant, TODAY, {
            sponsorLastDay: sponsorEnd,
            handoverDeadline: r.handover_deadline,
          }),
        );
        if (r.x === null) open += 1;
        if ('condition' in rule && r.handover_deadline !== null) {
          handedOver += 1;
          if (r.handover_deadline >= TODAY) waiting += 1;
        }
      }
    }
    expect(open).toBeGreaterThan(0); // open-ended guests were among them
    // Handed-over guests were among them, some with the deadline still to come (due after today).
    expect(waiting).toBeGreaterThan(0);
    expect(handedOver).toBeGreaterThan(waiting);
    // Some sponsors' affiliations ended before today, so the sponsor rule was dated by them.
    expect([...lastDays.values()].filter((d) => d !== null).length).toBeGreaterThan(0);
  });

  it('hold a condition for exactly the guests the pure rule names, on several days', async () => {
    const { settings } = await readGuestSettings(t.db());
    const may = new Map<string, boolean>();
    const held = new Map<string, number>();
    let asked = 0;
    for (const today of [TODAY, addDays(TODAY, 40), addDays(TODAY, -40)]) {
      for (const condition of conditions) {
        const rows = await guests(sql`(true ${conditionSql(condition, today, settings)})`);
        for (const r of rows) {
          const f = facts(r);
          const key = `${r.sponsor_id}/${today}`;
          if (r.sponsor_id !== null && !may.has(key)) may.set(key, await maySponsor(t.db(), r.sponsor_id, today));
          const expected = conditionHolds(condition, f.guest, f.type, f.tenant, today, {
            sponsorMaySponsor: r.sponsor_id === null ? null : may.get(key)!,
          });
          expect(r.x, `${condition} on ${today}, guest ${r.id}`).toBe(expected);
          if (expected) held.set(condition, (held.get(condition) ?? 0) + 1);
        }
        asked += rows.length / conditions.length;
      }
    }
    // Each condition held for some guests and not for the others.
    for (const condition of conditions) {
      expect(held.get(condition) ?? 0, condition).toBeGreaterThan(0);
      expect(held.get(condition) ?? 0, condition).toBeLessThan(asked);
    }
  });
});
