import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import { addDays } from '../platform/dates.ts';

/**
 * A few guest requests so the approval inbox is not empty: Ruth Okafor (the `sci-admin`
 * account) asks for two visitors to Physics; one waits for the Science faculty's approvers
 * (inherited by Physics), the other was approved by them and waits for the IT desk. Two
 * accounts can sign in to decide them: `fse-approver` (the faculty's Operations Manager)
 * and `it-desk` (the IT service desk office). Skipped when any request exists, so a
 * resumed load adds nothing twice. Everything goes through the request use cases.
 */
export interface DemoRequestLookup {
  orgId(code: string): number;
  personId(key: string): number;
  email(key: string): string | null;
}

export async function loadDemoGuestRequests(
  app: App,
  actor: Actor,
  password: string | null,
  lookup: DemoRequestLookup,
): Promise<number> {
  const existing = new Set((await app.accounts.listUsers(actor)).map((u) => u.username));
  const accounts = [
    {
      username: 'fse-approver',
      displayName: 'Science & Engineering approver (demo)',
      personId: lookup.personId('staff:FSE:1'),
      email: lookup.email('staff:FSE:1'),
      roles: [],
    },
    {
      username: 'it-desk',
      displayName: 'IT service desk (demo)',
      personId: null,
      email: null,
      roles: [{ role: 'office' as const, office: 'it-desk' }],
    },
  ];
  for (const a of accounts) if (!existing.has(a.username)) await app.accounts.createUser(actor, { ...a, password });
  if ((await app.guestRequests.requests.list(actor, { all: true, limit: 1 })).length > 0) return 0;
  const today = isoDate(app.clock.now());
  const guarantorId = lookup.personId('sci-manager');
  const ask = (
    givenName: string,
    familyName: string,
    email: string,
    services: ('id-card' | 'it-account')[],
    from: number,
    to: number,
  ) =>
    app.guestRequests.requests.submit(actor, {
      type: 'Visiting Researcher',
      givenName,
      familyName,
      email,
      hostOrgId: lookup.orgId('PHYS'),
      reason: 'Research collaboration',
      services,
      validFrom: addDays(today, from),
      validTo: addDays(today, to),
      guarantorId,
    });
  await ask('Ingrid', 'Sæther', 'ingrid.saether@uio.example', ['id-card', 'it-account'], 14, 120);
  const second = await ask('Tomasz', 'Wiśniewski', 'tomasz.w@pw.example', ['it-account'], 7, 60);
  await app.guestRequests.decisions.decide(actor, second.id, second.version, 'approved', 'Welcome to Physics (demo)');
  return 2;
}
