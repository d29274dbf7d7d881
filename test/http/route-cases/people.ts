import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

/** The current ETag of a resource, read as the administrator. */
async function etagOf(fx: RouteFixture, url: string): Promise<string> {
  return String((await fx.call('admin', { method: 'GET', url })).headers.etag);
}

/** An identifier attached straight to a person (so cases do not depend on the use case under test). */
async function attach(fx: RouteFixture, personId: number, kind: string, value: string): Promise<void> {
  await fx.t
    .db()
    .insertInto('identifiers')
    .values({ kind, scope: '', value, person_id: personId, created_at: fx.t.clock.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const tag = (actor: ActorName) => actor.toLowerCase();

/** Authorisation cases for the person registry: people, identifiers, affiliations, minting and imports. */
export const peopleCases: RouteCase[] = [
  {
    route: 'GET /people',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/people?q=ada' }),
  },
  {
    route: 'POST /people',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    // Both ask to create someone in department A; only A's administrator may.
    request: (fx, actor) => ({
      method: 'POST',
      url: '/people',
      payload: {
        givenName: 'Quincy',
        familyName: `Newcomer ${tag(actor)}`,
        affiliation: { orgId: fx.org.deptA, kind: 'staff' },
      },
    }),
  },
  {
    route: 'POST /people/duplicates',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'POST', url: '/people/duplicates', payload: { givenName: 'Ada', familyName: 'Inside' } }),
  },
  {
    route: 'GET /people/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/people/${fx.person.inA}` }),
  },
  {
    route: 'PATCH /people/:id',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({
      method: 'PATCH',
      url: `/people/${fx.person.inA}`,
      headers: { 'if-match': await etagOf(fx, `/people/${fx.person.inA}`) },
      payload: { preferredName: 'Addie' },
    }),
  },
  {
    route: 'GET /people/:id/history',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/people/${fx.person.inA}/history` }),
  },
  {
    route: 'POST /people/:id/merge',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      const survivor = await fx.addPerson('Merle', `Twice ${tag(actor)}`, fx.org.deptA);
      const loser = await fx.addPerson('Merle', `Twice ${tag(actor)}`, fx.org.deptA);
      return {
        method: 'POST',
        url: `/people/${survivor}/merge`,
        headers: { 'if-match': await etagOf(fx, `/people/${survivor}`) },
        payload: { loserId: loser, reason: 'entered twice' },
      };
    },
  },
  {
    route: 'GET /identifiers',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/identifiers?value=nobody-has-this' }),
  },
  {
    route: 'GET /identifiers/:kind/:value',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx, actor) => {
      await attach(fx, fx.person.inA, 'library-card', `LC-${tag(actor)}`);
      return { method: 'GET', url: `/identifiers/library-card/LC-${tag(actor)}` };
    },
  },
  {
    route: 'POST /people/:id/identifiers',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: (fx, actor) => ({
      method: 'POST',
      url: `/people/${fx.person.inA}/identifiers`,
      payload: { kind: 'username', value: `ada-${tag(actor)}` },
    }),
  },
  {
    route: 'DELETE /people/:id/identifiers/:kind/:value',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => {
      await attach(fx, fx.person.inA, 'badge', `B-${tag(actor)}`);
      return { method: 'DELETE', url: `/people/${fx.person.inA}/identifiers/badge/B-${tag(actor)}` };
    },
  },
  {
    route: 'GET /people/:id/affiliations',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/people/${fx.person.inA}/affiliations` }),
  },
  {
    route: 'POST /people/:id/affiliations',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: (fx) => ({
      method: 'POST',
      url: `/people/${fx.person.inA}/affiliations`,
      payload: { orgId: fx.org.facultyA, kind: 'visitor', validFrom: '2026-09-01' },
    }),
  },
  {
    route: 'PATCH /people/:id/affiliations/:affId',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const aff = await fx.t
        .db()
        .selectFrom('affiliations')
        .select(['id', 'version'])
        .where('person_id', '=', fx.person.inA)
        .where('org_id', '=', fx.org.deptA)
        .executeTakeFirstOrThrow();
      return {
        method: 'PATCH',
        url: `/people/${fx.person.inA}/affiliations/${aff.id}`,
        headers: { 'if-match': `"${aff.version}"` },
        payload: { title: 'Lecturer' },
      };
    },
  },
  {
    route: 'GET /settings/minting',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/settings/minting' }),
  },
  {
    route: 'PUT /settings/minting',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const current = (await fx.call('admin', { method: 'GET', url: '/settings/minting' })).json();
      return {
        method: 'PUT',
        url: '/settings/minting',
        headers: { 'if-match': `"${current.version}"` },
        payload: { ...current.settings, email: { ...current.settings.email, domain: 'uni.example' } },
      };
    },
  },
  {
    route: 'POST /people/:id/mint',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/people/${await fx.addPerson('Minnie', `Fresh ${tag(actor)}`, fx.org.deptA)}/mint`,
      payload: { kind: 'username' },
    }),
  },
  {
    route: 'POST /minting/batch',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => ({
      method: 'POST',
      url: '/minting/batch',
      payload: { kind: 'id-number', personIds: [await fx.addPerson('Bart', `Batch ${tag(actor)}`, fx.org.deptA)] },
    }),
  },
  {
    route: 'POST /imports/people',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/imports/people?source=hr',
      headers: { 'content-type': 'text/csv' },
      payload: `source_key,given_name,family_name\nE-${tag(actor)},Ivy,Imported\n`,
    }),
  },
];
