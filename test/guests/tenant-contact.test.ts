import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { type GuestWorld, makeGuestWorld, newPerson, on } from './world.ts';

/** A tenant organisation's contact (an administrator of that unit) registers its own people, and nobody else's. */
let t: TestApp;
let w: GuestWorld;
let contact: string;
beforeAll(async () => {
  t = await makeTestApp({ start: '2027-01-04T09:00:00Z' });
  w = await makeGuestWorld(t);
  contact = await t.tokenFor('acme-contact', [{ role: 'orgadmin', orgId: w.acme }]);
});
afterAll(() => t.close());

describe('a tenant organisation contact', () => {
  it('registers a tenant of their organisation', async () => {
    on(t, '2027-01-04');
    const r = await t.call(contact, {
      method: 'POST',
      url: '/guests',
      payload: { personId: await newPerson(t, 'Tenant'), type: 'Tech Park', hostOrgId: w.acme, tenantOrgId: w.acme },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ state: 'pending', tenantOrgId: w.acme, lifecycle: 'tenant' });
  });

  it('may not register people for another organisation, and nothing is written', async () => {
    const other = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'OTHERCO', kind: 'unit', name: 'OtherCo', parentId: w.tenants },
    });
    expect(other.statusCode, other.body).toBe(201);
    const before = await t
      .db()
      .selectFrom('guests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await t.call(contact, {
      method: 'POST',
      url: '/guests',
      payload: {
        personId: await newPerson(t, 'Tenant'),
        type: 'Tech Park',
        hostOrgId: other.json().id,
        tenantOrgId: other.json().id,
      },
    });
    expect(r.statusCode, r.body).toBe(403);
    const after = await t
      .db()
      .selectFrom('guests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
