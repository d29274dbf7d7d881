import { expect } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import type { Config } from '../../src/platform/config.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { type GuestWorld, makeGuestWorld } from './world.ts';

/**
 * The guest world plus the people and accounts a request passes through: the guarantor's
 * account (linked to Gina Guarantor of PHYS), two department approvers appointed on DEPTS
 * (so PHYS inherits them), a colleague who approves nothing, and the IT and card desks.
 */
export interface RequestWorld extends GuestWorld {
  t: TestApp;
  approver: number;
  approver2: number;
  tokens: {
    guarantor: string;
    approver: string;
    approver2: string;
    colleague: string;
    itDesk: string;
    cardDesk: string;
    unlinked: string;
  };
}

const system = systemActor('test');

async function account(
  t: TestApp,
  username: string,
  personId: number | null,
  roles: { role: 'office'; office: string }[] = [],
  email: string | null = null,
): Promise<string> {
  const user = await t.app.accounts.createUser(system, {
    username,
    displayName: username,
    password: 'correct horse battery',
    personId,
    email,
    roles,
  });
  return (await t.app.accounts.createToken(system, { name: 'test', userId: user.id })).token;
}

export async function makeRequestWorld(
  options: { start?: string; config?: Partial<Config> } = {},
): Promise<RequestWorld> {
  const t = await makeTestApp({ start: options.start ?? '2026-09-01T09:00:00Z', config: options.config });
  const w = await makeGuestWorld(t);
  const person = async (given: string, family: string, email: string) =>
    (
      await createPerson(t, {
        givenName: given,
        familyName: family,
        emails: [{ address: email }],
        affiliation: { orgId: w.depts, kind: 'staff' },
      })
    ).id;
  const approver = await person('Dora', 'Dean', 'dora@uni.example');
  const approver2 = await person('Dirk', 'Deputy', 'dirk@uni.example');
  const colleague = await person('Carl', 'Colleague', 'carl@uni.example');
  for (const p of [approver, approver2]) {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/orgs/${w.depts}/officers`,
      payload: { personId: p, function: 'approver', roleName: 'Head of departments' },
    });
    expect(r.statusCode, r.body).toBe(201);
  }
  const tokens = {
    guarantor: await account(t, 'gina', w.guarantor),
    approver: await account(t, 'dora', approver),
    approver2: await account(t, 'dirk', approver2),
    colleague: await account(t, 'carl', colleague),
    itDesk: await account(t, 'ivan-it', null, [{ role: 'office', office: 'it-desk' }], 'it-desk@uni.example'),
    cardDesk: await account(t, 'cara-card', null, [{ role: 'office', office: 'card-desk' }], 'card-desk@uni.example'),
    unlinked: await account(t, 'nobody', null),
  };
  return { ...w, t, approver, approver2, tokens };
}

let n = 0;
/** A complete request body for a new visitor in PHYS (unique names), overridable. */
export function visitorRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    type: 'Visitor',
    givenName: 'Ada',
    familyName: `Quist${'abcdefghij'[n % 10]}${'klmnopqrst'[Math.floor(n / 10) % 10]}`,
    email: `ada${n}@visitor.example`,
    reason: 'Research visit',
    services: ['it-account'],
    validFrom: '2026-09-10',
    validTo: '2026-10-31',
    ...overrides,
  };
}

export async function submit(w: RequestWorld, body: Record<string, unknown>, token = w.tokens.guarantor) {
  const r = await w.t.call(token, {
    method: 'POST',
    url: '/guests/requests',
    payload: { hostOrgId: w.physics, ...body },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as RequestJson;
}

export interface RequestJson {
  id: number;
  version: number;
  state: string;
  currentStep: string | null;
  guestId: number | null;
  personId: number | null;
  minted: { username: string | null; email: string | null } | null;
  steps: {
    step: string;
    state: string;
    approvers: string[];
    decision: { decision: string; actor: string; comment: string | null } | null;
  }[];
}

export function decide(
  w: RequestWorld,
  token: string,
  id: number,
  version: number,
  what: 'approve' | 'reject' | 'withdraw',
  comment?: string,
) {
  return w.t.call(token, {
    method: 'POST',
    url: `/guests/requests/${id}/${what}`,
    headers: { 'if-match': `"${version}"` },
    payload: comment === undefined ? {} : { comment },
  });
}

/** Decides and expects success; returns the request after. */
export async function ok(
  w: RequestWorld,
  token: string,
  id: number,
  version: number,
  what: 'approve' | 'reject' | 'withdraw',
  comment?: string,
): Promise<RequestJson> {
  const r = await decide(w, token, id, version, what, comment);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

/** What the outbox holds for a request, as [event, recipient] pairs in order. */
export async function mailOf(w: RequestWorld, requestId: number) {
  const rows = await w.t
    .db()
    .selectFrom('outbox')
    .select(['event', 'recipient', 'subject', 'text_body', 'state'])
    .where('dedupe_key', 'like', `guest-request:${requestId}:%`)
    .orderBy('id')
    .execute();
  return rows;
}

export async function counts(w: RequestWorld) {
  const one = async (
    table: 'audit_log' | 'change_log' | 'guest_requests' | 'guest_request_decisions' | 'guests' | 'outbox' | 'people',
  ) =>
    (
      await w.t
        .db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    audit: await one('audit_log'),
    changes: await one('change_log'),
    requests: await one('guest_requests'),
    decisions: await one('guest_request_decisions'),
    guests: await one('guests'),
    outbox: await one('outbox'),
    people: await one('people'),
  };
}
