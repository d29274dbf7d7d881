import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../harness.ts';
import { accountFor, groupsApi } from '../groups/world.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * A small governed world for the governance tests: units UNI > FIN and UNI > HR; people with addresses (Ann the
 * member in FIN, Mo the approver officer of FIN — Ann's manager —, Ola the owner, Dee a delegate named on UNI, Bo
 * who asks, Cy in HR); accounts for Bo, Mo, Ola, Dee; a `staff` group that supports eligibility (Ann is in it);
 * the folder `gov:pay` with the groups `approve` and `submit`.
 */
export async function governanceWorld(t: TestApp, prefix: string) {
  const api = groupsApi(t);
  const uni = await addOrg(t, `${prefix}UNI`);
  const fin = await addOrg(t, `${prefix}FIN`, uni);
  const hr = await addOrg(t, `${prefix}HR`, uni);
  const person = async (given: string, orgId: number | null = fin, kind = 'employee') =>
    (
      await createPerson(t, {
        givenName: given,
        familyName: `${prefix}Person`,
        emails: [{ address: `${given.toLowerCase()}.${prefix.toLowerCase()}@uni.example` }],
        ...(orgId ? { affiliation: { orgId, kind, title: 'Clerk' } } : {}),
      })
    ).id;
  const people = {
    ann: await person('Ann'),
    mo: await person('Mo'),
    ola: await person('Ola', uni),
    dee: await person('Dee', uni),
    bo: await person('Bo'),
    cy: await person('Cy', hr),
  };
  const officer = await t.call(t.tokens.admin, {
    method: 'POST',
    url: `/orgs/${fin}/officers`,
    payload: { personId: people.mo, function: 'approver', roleName: 'Head of finance' },
  });
  expect(officer.statusCode, officer.body).toBe(201);
  const tokens = {
    bo: await accountFor(t, `${prefix}-bo`.toLowerCase(), people.bo),
    mo: await accountFor(t, `${prefix}-mo`.toLowerCase(), people.mo),
    ola: await accountFor(t, `${prefix}-ola`.toLowerCase(), people.ola),
    dee: await accountFor(t, `${prefix}-dee`.toLowerCase(), people.dee),
    ann: await accountFor(t, `${prefix}-ann`.toLowerCase(), people.ann),
  };
  const root = await api.folder(prefix.toLowerCase());
  const pay = await api.folder('pay', root.id);
  const staff = await api.group(root.id, 'staff');
  await api.add(staff.id, { personId: people.ann });
  const approve = await api.group(pay.id, 'approve');
  const submit = await api.group(pay.id, 'submit');
  return { api, org: { uni, fin, hr }, people, tokens, folders: { root, pay }, groups: { staff, approve, submit } };
}

export type GovernanceWorld = Awaited<ReturnType<typeof governanceWorld>>;

/** A call that must answer `status`; returns the JSON body (null for 204). */
export async function expectStatus(t: TestApp, token: string, options: InjectOptions, status: number) {
  const r = await t.call(token, options);
  expect(r.statusCode, `${options.method} ${options.url}: ${r.body}`).toBe(status);
  return r.statusCode === 204 ? null : r.json();
}

/** A governance policy created as the administrator; returns it as the API shows it. */
export async function addPolicy(t: TestApp, payload: Record<string, unknown>) {
  return expectStatus(t, t.tokens.admin, { method: 'POST', url: '/governance/policies', payload }, 201);
}

/** Names a person a policy's delegate for a unit (and the units below it), as the administrator. */
export async function addDelegate(t: TestApp, policyId: number, orgId: number, personId: number): Promise<void> {
  await expectStatus(
    t,
    t.tokens.admin,
    { method: 'POST', url: `/governance/policies/${policyId}/delegates`, payload: { orgId, personId } },
    201,
  );
}

/** The mail queued for an event, as [recipient, event] pairs sorted. */
export async function mailOf(t: TestApp, event: string, since = 0): Promise<string[]> {
  const rows = await t
    .db()
    .selectFrom('outbox')
    .select(['recipient', 'event'])
    .where('event', '=', event)
    .where('id', '>', since)
    .execute();
  return rows.map((r) => r.recipient).sort();
}

export async function lastMailId(t: TestApp): Promise<number> {
  const r = await t
    .db()
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}
