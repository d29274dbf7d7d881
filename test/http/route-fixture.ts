import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

/**
 * The accounts every route case can act as: the roles, an approver (an officer of function 'approver', no role), a
 * guest desk (office `card-desk`), a sponsor (an account whose person sponsors a guest, no role), a system
 * administrator's API token past its expiry, and `none` (no credentials at all).
 */
export type ActorName =
  | 'admin'
  | 'auditor'
  | 'orgadmin'
  | 'orgadminElsewhere'
  | 'nobody'
  | 'client'
  | 'approver'
  | 'desk'
  | 'sponsor'
  | 'expired'
  | 'none';

/**
 * A small world for authorisation tests, written straight to the tables so it does not
 * depend on the use cases under test: a university with two faculties, a department in
 * the first, one person affiliated to each faculty, and an account for every role.
 */
export interface RouteFixture {
  t: TestApp;
  /** Each actor's bearer token (null: `none` sends no credentials). */
  tokens: Record<ActorName, string | null>;
  org: { root: number; facultyA: number; deptA: number; facultyB: number };
  person: { inA: number; inB: number };
  /** Inserts a person affiliated (as staff) to an org unit; returns the id. */
  addPerson(given: string, family: string, orgId: number): Promise<number>;
  /** Inserts an org unit under a parent; returns the id. */
  addOrg(code: string, parentId: number, kind?: string): Promise<number>;
  call(actor: ActorName, options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function makeRouteFixture(): Promise<RouteFixture> {
  const t = await makeTestApp();
  const db = t.db();
  const now = t.clock.now();
  for (const kind of ['university', 'faculty', 'department']) {
    await db
      .insertInto('org_kinds')
      .values({ kind, label: kind, fields: '[]', created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const addOrg = async (code: string, parentId: number | null, kind = 'department') => {
    const parent = parentId
      ? await db.selectFrom('org_units').select('path').where('id', '=', parentId).executeTakeFirstOrThrow()
      : { path: '/' };
    const { id } = await db
      .insertInto('org_units')
      .values({
        code,
        kind,
        name: code,
        alt_names: '[]',
        parent_id: parentId,
        path: 'pending',
        custom: '{}',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('org_units')
      .set({ path: `${parent.path}${id}/` })
      .where('id', '=', id)
      .execute();
    return id;
  };
  const addPerson = async (given: string, family: string, orgId: number) => {
    const { id } = await db
      .insertInto('people')
      .values({
        given_name: given,
        family_name: family,
        search_name: `${given} ${family}`.toLowerCase(),
        emails: '[]',
        phones: '[]',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('affiliations')
      .values({ person_id: id, org_id: orgId, kind: 'staff', attributes: '{}', created_at: now, updated_at: now })
      .execute();
    return id;
  };
  const root = await addOrg('UNI', null, 'university');
  const facultyA = await addOrg('FACA', root, 'faculty');
  const deptA = await addOrg('DEPA', facultyA);
  const facultyB = await addOrg('FACB', root, 'faculty');
  const inA = await addPerson('Ada', 'Inside', deptA);
  const inB = await addPerson('Bea', 'Outside', facultyB);
  const tokens: Record<ActorName, string | null> = {
    admin: t.tokens.admin,
    auditor: t.tokens.auditor,
    orgadmin: await t.tokenFor('orgadmin-a', [{ role: 'orgadmin', orgId: facultyA }]),
    orgadminElsewhere: await t.tokenFor('orgadmin-b', [{ role: 'orgadmin', orgId: facultyB }]),
    nobody: await t.tokenFor('nobody', []),
    // A decision client (every application), with a client-credentials access token: it may only ask decisions.
    client: await decisionClientToken(t),
    approver: await personToken(t, 'approver', await addPerson('Otto', 'Approver', facultyB), facultyB),
    desk: await t.tokenFor('card-desk', [{ role: 'office', office: 'card-desk' }]),
    sponsor: await sponsorToken(
      t,
      await addPerson('Sara', 'Sponsor', deptA),
      await addPerson('Gus', 'Guest', deptA),
      deptA,
    ),
    expired: await expiredToken(t),
    none: null,
  };
  return {
    t,
    tokens,
    org: { root, facultyA, deptA, facultyB },
    person: { inA, inB },
    addPerson,
    addOrg: (code, parentId, kind) => addOrg(code, parentId, kind),
    call: (actor, options) => t.call(tokens[actor], options),
  };
}

async function decisionClientToken(t: TestApp): Promise<string> {
  const clients = t.app.decisionClients;
  const made = await clients.create(systemActor('test'), { name: 'route-client', label: 'Route client' });
  const form = { grant_type: 'client_credentials', client_id: made.clientId, client_secret: made.clientSecret };
  return (await clients.issueToken(form, undefined)).access_token;
}

/** An account with no role linked to a person; with `approverOf`, that person is an approver of the unit. */
async function personToken(t: TestApp, username: string, personId: number, approverOf?: number): Promise<string> {
  const db = t.db();
  const token = await t.tokenFor(username, []);
  await db.updateTable('users').set({ person_id: personId }).where('username', '=', username).execute();
  if (approverOf !== undefined)
    await db
      .insertInto('org_officers')
      .values({
        org_id: approverOf,
        person_id: personId,
        function: 'approver',
        role_name: 'Dean',
        created_at: t.clock.now(),
      })
      .execute();
  return token;
}

/** An account whose person sponsors (and guarantees) a guest of a fixture visitor type. */
async function sponsorToken(t: TestApp, sponsorId: number, guestPersonId: number, hostOrgId: number): Promise<string> {
  const setup = systemActor('test');
  const type = 'Fixture Sponsored Visitor';
  await t.app.guests.config.createMissingTypes(setup, [
    { name: type, label: 'Fixture sponsored visitor', lifecycle: 'visitor', maxDays: 365, renewable: true },
  ]);
  await t.app.guests.records.create(setup, {
    personId: guestPersonId,
    type,
    validFrom: '2026-09-01',
    validTo: '2026-09-20',
    hostOrgId,
    guarantorId: sponsorId,
    sponsorId,
  });
  return personToken(t, 'sponsor', sponsorId);
}

/** A system administrator's API token whose expiry has passed: it must open nothing. */
async function expiredToken(t: TestApp): Promise<string> {
  const token = await t.tokenFor('expired', [{ role: 'sysadmin' }]);
  const user = await t
    .db()
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'expired')
    .executeTakeFirstOrThrow();
  const past = new Date(t.clock.now().getTime() - 60_000);
  await t.db().updateTable('api_tokens').set({ expires_at: past }).where('user_id', '=', user.id).execute();
  return token;
}
