import { expect } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import type { TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * A small campus for the guest tests: departments under DEPTS, tenant companies under
 * TENANTS, a staff guarantor, and the visitor, tenant and dependant types.
 */
export interface GuestWorld {
  depts: number;
  physics: number;
  tenants: number;
  acme: number;
  outside: number;
  guarantor: number;
  types: { visitor: number; tenant: number; dependant: number };
}

export const visitorType = {
  name: 'Visitor',
  label: 'Visitor',
  lifecycle: 'visitor',
  requesterRequired: false,
  defaultDays: 90,
  maxDays: 365,
  renewable: true,
  renewalWindowDays: 30,
  directory: 'P',
  orgSubtree: 'DEPTS',
  services: ['id-card', 'it-account'],
  approvalChain: [
    { step: 'department-approvers' },
    { step: 'it-desk', ifService: 'it-account' },
    { step: 'card-desk', ifService: 'id-card' },
  ],
  reasons: ['Research visit', 'Conference'],
  expiringDays: 14,
  retentionDays: 30,
};
export const tenantType = {
  name: 'Tech Park',
  label: 'Tech Park tenant',
  lifecycle: 'tenant',
  orgSubtree: 'TENANTS',
  directory: 'P',
  services: ['id-card'],
  expiringDays: 7,
  retentionDays: 30,
};
export const dependantType = {
  name: 'Spouse',
  label: 'Spouse',
  lifecycle: 'dependant',
  sponsorRequired: true,
  directory: 'N',
  services: ['id-card'],
  expiringDays: 0,
  retentionDays: 30,
};

export async function makeGuestWorld(t: TestApp): Promise<GuestWorld> {
  const depts = await addOrg(t, 'DEPTS');
  const physics = await addOrg(t, 'PHYS', depts);
  const tenants = await addOrg(t, 'TENANTS');
  const acme = await addOrg(t, 'ACME', tenants);
  const outside = await addOrg(t, 'ELSEWHERE');
  const guarantor = (
    await createPerson(t, {
      givenName: 'Gina',
      familyName: 'Guarantor',
      emails: [{ address: 'gina@uni.example' }],
      affiliation: { orgId: physics, kind: 'staff' },
    })
  ).id;
  const type = async (body: object) => {
    const r = await t.call(t.tokens.admin, { method: 'POST', url: '/guest-types', payload: body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  return {
    depts,
    physics,
    tenants,
    acme,
    outside,
    guarantor,
    types: { visitor: await type(visitorType), tenant: await type(tenantType), dependant: await type(dependantType) },
  };
}

let n = 0;
/** A person to become a guest (unique names so the duplicate check stays quiet). */
export async function newPerson(t: TestApp, family = 'Visitor'): Promise<number> {
  n += 1;
  return (
    await createPerson(t, {
      givenName: `Guest${n}`,
      familyName: `${family}${n}`,
      emails: [{ address: `guest${n}@example.org` }],
    })
  ).id;
}

export async function createGuest(
  t: TestApp,
  body: Record<string, unknown>,
): Promise<{ id: number; version: number; state: string } & Record<string, unknown>> {
  const r = await t.call(t.tokens.admin, { method: 'POST', url: '/guests', payload: body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

export async function guest(
  t: TestApp,
  id: number,
): Promise<
  { id: number; version: number; state: string; stateSince: string; validTo: string | null } & Record<string, unknown>
> {
  return (await t.call(t.tokens.admin, { method: 'GET', url: `/guests/${id}` })).json();
}

export async function history(
  t: TestApp,
  id: number,
): Promise<{ transition: string; from: string; to: string; dueOn: string | null; notices: unknown[] }[]> {
  return (await t.call(t.tokens.admin, { method: 'GET', url: `/guests/${id}/transitions` })).json();
}

export const sweep = (t: TestApp) => t.app.guests.sweepGuests(systemActor('scheduler'));

/** Moves the clock to 09:00 UTC of a day. */
export function on(t: TestApp, day: string): void {
  t.clock.set(`${day}T09:00:00Z`);
}

export async function counts(
  t: TestApp,
): Promise<{ audit: number; changes: number; transitions: number; guests: number; outbox: number }> {
  const db = t.db();
  const one = async (table: 'audit_log' | 'change_log' | 'guest_transitions' | 'guests' | 'outbox') =>
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    audit: await one('audit_log'),
    changes: await one('change_log'),
    transitions: await one('guest_transitions'),
    guests: await one('guests'),
    outbox: await one('outbox'),
  };
}
