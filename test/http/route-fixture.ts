import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

/** The accounts every route case can act as. */
export type ActorName = 'admin' | 'auditor' | 'orgadmin' | 'orgadminElsewhere' | 'nobody' | 'client';

/**
 * A small world for authorisation tests, written straight to the tables so it does not
 * depend on the use cases under test: a university with two faculties, a department in
 * the first, one person affiliated to each faculty, and an account for every role.
 */
export interface RouteFixture {
  t: TestApp;
  tokens: Record<ActorName, string>;
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
  const tokens: Record<ActorName, string> = {
    admin: t.tokens.admin,
    auditor: t.tokens.auditor,
    orgadmin: await t.tokenFor('orgadmin-a', [{ role: 'orgadmin', orgId: facultyA }]),
    orgadminElsewhere: await t.tokenFor('orgadmin-b', [{ role: 'orgadmin', orgId: facultyB }]),
    nobody: await t.tokenFor('nobody', []),
    // A decision client (every application), with a client-credentials access token: it may only ask decisions.
    client: await decisionClientToken(t),
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
