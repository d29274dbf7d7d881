import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { createGuest, type GuestWorld, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/**
 * Issue 3, story 7 (without requests): guests per host unit by state, ending soon, upcoming expiries, as JSON and CSV.
 */
const cli = useCliWorld({ start: '2026-09-01T09:00:00Z' });
let w: GuestWorld;
beforeAll(async () => {
  const t = cli.t;
  w = await makeGuestWorld(t);
  on(t, '2026-09-01');
  const visitor = async (validFrom: string, validTo: string) =>
    createGuest(t, {
      personId: await newPerson(t, 'Reported'),
      type: 'Visitor',
      validFrom,
      validTo,
      hostOrgId: w.physics,
      guarantorId: w.guarantor,
      reason: 'Research visit',
    });
  await visitor('2026-09-01', '2026-09-10'); // disabled by 2026-10-01
  await visitor('2026-09-01', '2026-10-10'); // expiring on 2026-10-01 (14 days before)
  await visitor('2026-09-01', '2026-12-31'); // active
  await visitor('2026-10-20', '2026-11-30'); // pending
  await createGuest(t, {
    personId: await newPerson(t, 'Tenant'),
    type: 'Tech Park',
    validFrom: '2026-09-01',
    validTo: '2026-10-25',
    hostOrgId: w.acme,
  }); // active, ends within 30 days
  on(t, '2026-10-01');
  await sweep(t);
});

const get = (url: string, headers: Record<string, string> = {}) =>
  cli.t.call(cli.t.tokens.admin, { method: 'GET', url, headers });

describe('guest reports', () => {
  it('counts guests per host unit by state, with those ending within the window', async () => {
    const r = await get('/guests/reports/by-org');
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report).toMatchObject({
      on: '2026-10-01',
      within: 30,
      until: '2026-10-31',
      states: ['pending', 'active', 'expiring', 'disabled'],
    });
    expect(report.orgs).toEqual([
      {
        orgId: w.acme,
        code: 'ACME',
        name: expect.any(String),
        counts: { pending: 0, active: 1, expiring: 0, disabled: 0 },
        total: 1,
        endingWithin: 1,
      },
      {
        orgId: w.physics,
        code: 'PHYS',
        name: expect.any(String),
        counts: { pending: 1, active: 1, expiring: 1, disabled: 1 },
        total: 4,
        endingWithin: 1,
      },
    ]);
    const narrow = (await get('/guests/reports/by-org?on=2026-10-01&within=5')).json();
    expect(narrow.orgs.map((o: { endingWithin: number }) => o.endingWithin)).toEqual([0, 0]);
    const wide = (await get('/guests/reports/by-org?within=90')).json();
    // until 2026-12-30: not the one ending on 2026-12-31;
    expect(wide.orgs.map((o: { endingWithin: number }) => o.endingWithin)).toEqual([1, 2]);
  });

  it('lists the upcoming expiries soonest first, with the guarantor', async () => {
    const r = await get('/guests/reports/expiring?within=30');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toEqual([
      {
        guestId: expect.any(Number),
        personName: expect.stringMatching(/Reported/),
        type: 'Visitor',
        state: 'expiring',
        orgCode: 'PHYS',
        validTo: '2026-10-10',
        guarantor: 'Gina Guarantor',
      },
      {
        guestId: expect.any(Number),
        personName: expect.stringMatching(/Tenant/),
        type: 'Tech Park',
        state: 'active',
        orgCode: 'ACME',
        validTo: '2026-10-25',
        guarantor: null,
      },
    ]);
    expect(
      (await get('/guests/reports/expiring?within=120')).json().items.map((i: { validTo: string }) => i.validTo),
    ).toEqual(['2026-10-10', '2026-10-25', '2026-11-30', '2026-12-31']);
  });

  it('answers CSV on Accept: text/csv or ?format=csv', async () => {
    const r = await get('/guests/reports/by-org', { accept: 'text/csv' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const lines = r.body.trim().split('\n');
    expect(lines[0]).toBe('org_code,org_name,pending,active,expiring,disabled,total,ending_within_30_days');
    expect(lines[1]).toMatch(/^ACME,.*,0,1,0,0,1,1$/);
    expect(lines[2]).toMatch(/^PHYS,.*,1,1,1,1,4,1$/);
    const e = await get('/guests/reports/expiring?format=csv');
    expect(e.headers['content-type']).toMatch(/^text\/csv/);
    expect(e.body.trim().split('\n')).toEqual([
      'guest_id,person_name,type,state,org_code,valid_to,guarantor',
      expect.stringMatching(/^\d+,Guest\d+ Reported\d+,Visitor,expiring,PHYS,2026-10-10,Gina Guarantor$/),
      expect.stringMatching(/^\d+,Guest\d+ Tenant\d+,Tech Park,active,ACME,2026-10-25,$/),
    ]);
  });

  it('is open to readers such as auditors', async () => {
    expect((await cli.t.call(cli.t.tokens.auditor, { method: 'GET', url: '/guests/reports/by-org' })).statusCode).toBe(
      200,
    );
  });

  it('steward guests report prints the counts and expiries, or the CSV', async () => {
    const auditor = cli.as(cli.t.tokens.auditor);
    const text = await auditor('guests', 'report');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/PHYS\s+1\s+1\s+1\s+1\s+4\s+1/);
    expect(text.stdout).toContain('ending 2026-10-01 – 2026-10-31: 2');
    expect(text.stdout).toContain('Gina Guarantor');
    const csv = await auditor('guests', 'report', '--within', '5', '--csv');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe(
      'org_code,org_name,pending,active,expiring,disabled,total,ending_within_5_days',
    );
    const expiring = await auditor('guests', 'report', '--within', '120', '--csv', '--expiring');
    expect(expiring.stdout.trim().split('\n')).toHaveLength(5);
    // Gina still works here: nobody is left without a guarantor.
    expect(text.stdout).toContain('nobody vouches for on 2026-10-01: 0');
    const unvouched = await auditor('guests', 'report', '--csv', '--unvouched');
    expect(unvouched.stdout.trim().split('\n')).toEqual([
      'guest_id,person_name,type,state,org_code,valid_to,role,voucher_id,voucher,voucher_last_day,handover_org_code,handover_deadline',
    ]);
  });
});
