import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrg } from '../registry/world.ts';
import { makeRequestWorld, type RequestWorld, submit, visitorRequest } from './request-world.ts';
import { createGuest, newPerson } from './world.ts';

/**
 * Guest data follows the organisation subtree, as people's changes do (issue 13): an organisation administrator of
 * one faculty reads that faculty's guests, requests (with the visitors' addresses) and reports, not another's; the
 * guest desks and auditors read them all.
 */
let w: RequestWorld;
let chem: number;
let tokens: { phys: string; chem: string; depts: string; library: string };
let guests: { phys: number; chem: number };
let requests: { phys: number; chem: number };

beforeAll(async () => {
  w = await makeRequestWorld();
  const t = w.t;
  chem = await addOrg(t, 'CHEM', w.depts);
  tokens = {
    phys: await t.tokenFor('phys-admin', [{ role: 'orgadmin', orgId: w.physics }]),
    chem: await t.tokenFor('chem-admin', [{ role: 'orgadmin', orgId: chem }]),
    depts: await t.tokenFor('depts-admin', [{ role: 'orgadmin', orgId: w.depts }]),
    library: await t.tokenFor('librarian', [{ role: 'office', office: 'library' }]),
  };
  const guest = async (hostOrgId: number) =>
    (
      await createGuest(t, {
        personId: await newPerson(t),
        type: 'Visitor',
        validFrom: '2026-09-01',
        validTo: '2026-09-20',
        hostOrgId,
        guarantorId: w.guarantor,
        reason: 'Conference',
      })
    ).id;
  guests = { phys: await guest(w.physics), chem: await guest(chem) };
  requests = {
    phys: (await submit(w, visitorRequest({ email: 'phys.visitor@visitor.example' }))).id,
    chem: (await submit(w, visitorRequest({ hostOrgId: chem, email: 'chem.visitor@visitor.example' }))).id,
  };
});
afterAll(() => w.t.close());

const get = (token: string, url: string) => w.t.call(token, { method: 'GET', url });

describe('guest data by organisation subtree (issue 13)', () => {
  it('lists only the guests of the administrator’s subtree', async () => {
    const ids = async (token: string) => (await get(token, '/guests')).json().items.map((g: { id: number }) => g.id);
    expect(await ids(tokens.phys)).toEqual([guests.phys]);
    expect(await ids(tokens.chem)).toEqual([guests.chem]);
    expect(await ids(tokens.depts)).toEqual([guests.phys, guests.chem]);
    for (const token of [w.tokens.itDesk, w.tokens.cardDesk, w.t.tokens.auditor, w.t.tokens.admin])
      expect(await ids(token)).toEqual([guests.phys, guests.chem]);
    expect(await ids(tokens.library)).toEqual([]);
  });

  it('refuses one guest outside the subtree (403), with its history', async () => {
    expect((await get(tokens.phys, `/guests/${guests.phys}`)).statusCode).toBe(200);
    const refused = await get(tokens.phys, `/guests/${guests.chem}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('visitor.example');
    expect((await get(tokens.phys, `/guests/${guests.chem}/transitions`)).statusCode).toBe(403);
    expect((await get(tokens.depts, `/guests/${guests.chem}`)).statusCode).toBe(200);
    expect((await get(w.tokens.cardDesk, `/guests/${guests.chem}`)).statusCode).toBe(200);
    expect((await get(tokens.phys, '/guests/999999')).statusCode).toBe(404);
  });

  it('lists and shows only the requests of the subtree, with the visitors’ addresses', async () => {
    const all = async (token: string) => {
      const r = await get(token, '/guests/requests?all=true');
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { id: number; visitor: { email: string } }[];
    };
    const phys = await all(tokens.phys);
    expect(phys.map((r) => r.id)).toEqual([requests.phys]);
    expect(JSON.stringify(phys)).not.toContain('chem.visitor@');
    expect((await all(tokens.chem)).map((r) => r.id)).toEqual([requests.chem]);
    expect((await all(w.tokens.itDesk)).map((r) => r.id)).toEqual([requests.chem, requests.phys]);
    expect((await get(tokens.phys, `/guests/requests/${requests.phys}`)).statusCode).toBe(200);
    const refused = await get(tokens.phys, `/guests/requests/${requests.chem}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('chem.visitor@');
  });

  it('reports only on the subtree', async () => {
    const byOrg = (await get(tokens.phys, '/guests/reports/by-org?on=2026-09-01')).json();
    expect(byOrg.orgs.map((o: { orgId: number }) => o.orgId)).toEqual([w.physics]);
    const expiring = (await get(tokens.phys, '/guests/reports/expiring?on=2026-09-01')).json();
    expect(expiring.items.map((i: { guestId: number }) => i.guestId)).toEqual([guests.phys]);
    const waiting = (await get(tokens.phys, '/guests/reports/waiting-by-approver')).json();
    expect(waiting.totalWaiting).toBe(1);
    expect(waiting.approvers.flatMap((a: { requestIds: number[] }) => a.requestIds)).not.toContain(requests.chem);
    const everything = (await get(w.tokens.cardDesk, '/guests/reports/waiting-by-approver')).json();
    expect(everything.totalWaiting).toBe(2);
    const deskByOrg = (await get(w.t.tokens.auditor, '/guests/reports/by-org?on=2026-09-01')).json();
    expect(deskByOrg.orgs.map((o: { orgId: number }) => o.orgId).sort()).toEqual([w.physics, chem].sort());
  });
});
