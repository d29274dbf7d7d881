import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoverToOpen, type UnitAbove } from '../../src/guests/handover-rules.ts';
import { handoverCandidatesSql, type HandoverCandidate } from '../../src/guests/handover-sql.ts';
import { maySponsor, readGuestSettings } from '../../src/guests/sponsorship.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { addDays } from '../../src/platform/dates.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { random } from './random.ts';

/**
 * The sweep opens handovers with SQL (handover-sql.ts); what a handover is is handover-rules.ts. On a random unit tree
 * with guest managers here and there (some accounts disabled), random guest types (handover days, 0 among them) and
 * random guests (every state, host or tenant unit or none, a guarantor or a sponsor who may or may not vouch, some
 * already handed over), the SQL opens exactly the handovers the pure rule opens, to the same unit, with the same
 * deadline.
 */
let t: TestApp;
const TODAY = '2027-04-15';
const rnd = random(15042027);

interface Unit {
  id: number;
  path: string;
}
const units: Unit[] = [];
const managers = new Map<number, number>();

beforeAll(async () => {
  t = await makeTestApp({ start: `${TODAY}T09:00:00Z` });
  const db = t.db();
  const now = t.clock.now();
  for (let i = 0; i < 14; i++) {
    const parent = i < 2 ? undefined : rnd.pick(units).id;
    const id = await addOrg(t, `U${i}`, parent);
    const { path } = await db.selectFrom('org_units').select('path').where('id', '=', id).executeTakeFirstOrThrow();
    units.push({ id, path });
  }
  for (let i = 0; i < 10; i++) {
    const unit = rnd.pick(units).id;
    const user = await t.app.accounts.createUser(systemActor('test'), {
      username: `m${i}`,
      displayName: `Manager ${i}`,
      password: 'correct horse battery',
      roles: [{ role: 'orgadmin', orgId: unit }],
    });
    if (rnd.chance(0.25)) await db.updateTable('users').set({ disabled_at: now }).where('id', '=', user.id).execute();
    else managers.set(unit, (managers.get(unit) ?? 0) + 1);
  }
  const people: number[] = [];
  for (let i = 0; i < 9; i++) {
    const body = { givenName: `Vic${i}`, familyName: `Voucher${i}` };
    const ended = {
      orgId: units[0].id,
      kind: 'staff',
      validFrom: '2025-01-01',
      validTo: addDays(TODAY, -rnd.int(50) - 1),
    };
    const affiliation = [undefined, { orgId: units[0].id, kind: 'staff' }, ended][i % 3];
    people.push((await createPerson(t, affiliation ? { ...body, affiliation } : body)).id);
  }
  const types: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: { name: `Kind${i}`, label: `Kind ${i}`, lifecycle: 'visitor', handoverDays: [0, 3, 14, 30][i] },
    });
    expect(r.statusCode, r.body).toBe(201);
    types.push(r.json().id);
  }
  for (let i = 0; i < 150; i++) {
    const guarantor = rnd.chance(0.5) ? rnd.pick(people) : null;
    const { id } = await db
      .insertInto('guests')
      .values({
        person_id: rnd.pick(people),
        type_id: rnd.pick(types),
        state: rnd.pick(['requested', 'pending', 'active', 'active', 'expiring', 'disabled']),
        state_since: TODAY,
        valid_from: TODAY,
        valid_to: null,
        host_org_id: rnd.chance(0.6) ? rnd.pick(units).id : null,
        tenant_org_id: rnd.chance(0.4) ? rnd.pick(units).id : null,
        guarantor_id: guarantor,
        sponsor_id: rnd.chance(0.5) ? rnd.pick(people) : null,
        services: '[]',
        in_directory: false,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (rnd.chance(0.15)) {
      const closed = rnd.chance(0.5);
      await db
        .insertInto('guest_handovers')
        .values({
          guest_id: id,
          role: 'sponsor',
          voucher_id: rnd.pick(people),
          org_id: units[0].id,
          since: TODAY,
          deadline: TODAY,
          created_at: now,
          closed_at: closed ? now : null,
          outcome: closed ? 'taken-over' : null,
        })
        .execute();
    }
  }
});
afterAll(() => t.close());

describe('the handover rule in SQL', () => {
  it('opens the handovers the pure rule opens, to the same unit, until the same deadline', async () => {
    const db = t.db();
    const { settings } = await readGuestSettings(db);
    const { rows } = await handoverCandidatesSql(TODAY, settings, { afterId: 0, limit: 100_000 }).execute(db);
    const bySql = new Map<number, HandoverCandidate>(rows.map((r) => [r.guest_id, r]));
    const guests = await db
      .selectFrom('guests as g')
      .innerJoin('guest_types as t', 't.id', 'g.type_id')
      .select([
        'g.id',
        'g.state',
        'g.guarantor_id',
        'g.sponsor_id',
        'g.host_org_id',
        'g.tenant_org_id',
        't.handover_days',
      ])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('guest_handovers as h')
              .select('h.id')
              .whereRef('h.guest_id', '=', 'g.id')
              .where('h.closed_at', 'is', null),
          )
          .as('open'),
      )
      .orderBy('g.id')
      .execute();
    const may = new Map<number, boolean>();
    let opened = 0;
    for (const g of guests) {
      const voucher = g.guarantor_id ?? g.sponsor_id;
      if (voucher !== null && !may.has(voucher)) may.set(voucher, await maySponsor(db, voucher, TODAY));
      const at = units.find((u) => u.id === (g.host_org_id ?? g.tenant_org_id));
      const chain: UnitAbove[] = at
        ? units
            .filter((u) => at.path.startsWith(u.path))
            .map((u) => ({ id: u.id, depth: u.path.length, managers: managers.get(u.id) ?? 0 }))
        : [];
      const expected = handoverToOpen(
        { state: g.state, guarantorId: g.guarantor_id, sponsorId: g.sponsor_id },
        {
          voucherMayVouch: voucher === null ? true : may.get(voucher)!,
          open: g.open === true,
          handoverDays: g.handover_days,
          chain,
        },
        TODAY,
      );
      const got = bySql.get(g.id);
      expect(
        got && {
          role: got.role,
          voucherId: got.voucher_id,
          orgId: got.org_id,
          since: got.since,
          deadline: got.deadline,
        },
        `guest ${g.id}`,
      ).toEqual(expected ?? undefined);
      if (expected) opened += 1;
    }
    // Some guests were handed over and most were not.
    expect(opened).toBeGreaterThan(5);
    expect(opened).toBeLessThan(guests.length / 2);
  });
});
