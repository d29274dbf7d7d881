import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from './world.ts';

/** Merging two records of one human: the survivor takes everything, the loser stays as a tombstone. */
let t: TestApp;
let dept: number;
let lab: number;

const merge = (
  survivor: { id: number; version: number },
  loserId: number,
  reason = 'same human, checked ID card',
  token = t.tokens.admin,
) =>
  t.call(token, {
    method: 'POST',
    url: `/people/${survivor.id}/merge`,
    headers: { 'if-match': `"${survivor.version}"` },
    payload: { loserId, reason },
  });

beforeAll(async () => {
  t = await makeTestApp();
  dept = await addOrg(t, 'PHYS');
  lab = await addOrg(t, 'LAB', dept);
});
afterAll(() => t.close());

describe('merging people', () => {
  it('moves identifiers, affiliations, contacts, officer posts and accounts to the survivor', async () => {
    const survivor = await createPerson(t, {
      givenName: 'Jon',
      familyName: 'Finke',
      emails: [{ address: 'jon@uni.example', label: 'work' }],
      identifiers: [{ kind: 'source-key', scope: 'hr', value: 'E1' }],
      affiliation: { orgId: dept, kind: 'staff' },
    });
    const loser = await createPerson(t, {
      givenName: 'Jon',
      familyName: 'Fink',
      middleName: 'Peter',
      birthDate: '1990-04-01',
      emails: [{ address: 'JON@uni.example' }, { address: 'jf@home.example', label: 'home' }],
      phones: [{ number: '+1 555 0100' }],
      identifiers: [
        { kind: 'source-key', scope: 'sis', value: 'U1' },
        { kind: 'username', value: 'jfink' },
      ],
      affiliation: { orgId: lab, kind: 'student' },
    });
    const db = t.db();
    const now = t.clock.now();
    await db
      .insertInto('org_officers')
      .values([
        { org_id: dept, person_id: loser.id, function: 'approver', role_name: 'head', created_at: now },
        { org_id: lab, person_id: loser.id, function: 'administrator', role_name: 'admin', created_at: now },
        { org_id: lab, person_id: survivor.id, function: 'administrator', role_name: 'admin', created_at: now },
      ])
      .execute();
    const user = await t.app.accounts.createUser(
      { kind: 'system', id: null, name: 'test', roles: [{ role: 'sysadmin', orgId: null, orgPath: null }] },
      { username: 'jfink', displayName: 'Jon', personId: loser.id, roles: [] },
    );

    const r = await merge(survivor, loser.id);
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({
      id: survivor.id,
      state: 'active',
      middleName: 'Peter',
      birthDate: '1990-04-01',
      version: survivor.version + 1,
    });
    expect(p.emails).toEqual([
      { address: 'jon@uni.example', label: 'work' },
      { address: 'jf@home.example', label: 'home' },
    ]);
    expect(p.phones).toEqual([{ number: '+1 555 0100' }]);
    expect(p.identifiers.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`)).toEqual([
      'source-key:E1',
      'source-key:U1',
      'username:jfink',
    ]);
    expect(p.affiliations.map((a: { orgCode: string }) => a.orgCode).sort()).toEqual(['LAB', 'PHYS']);
    const officers = await db
      .selectFrom('org_officers')
      .select(['org_id', 'person_id', 'function'])
      .orderBy('org_id')
      .execute();
    expect(officers).toEqual([
      { org_id: dept, person_id: survivor.id, function: 'approver' },
      { org_id: lab, person_id: survivor.id, function: 'administrator' },
    ]);
    expect(
      (await db.selectFrom('users').select('person_id').where('id', '=', user.id).executeTakeFirstOrThrow()).person_id,
    ).toBe(survivor.id);
    expect(
      (
        await db
          .selectFrom('reserved_identifiers')
          .select('person_id')
          .where('value', '=', 'jfink')
          .executeTakeFirstOrThrow()
      ).person_id,
    ).toBe(survivor.id);

    const tombstone = await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${loser.id}` });
    expect(tombstone.json()).toMatchObject({
      id: loser.id,
      state: 'merged',
      mergedInto: survivor.id,
      identifiers: [],
      affiliations: [],
    });

    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${survivor.id}/history` })).json();
    expect(history.map((h: { action: string; targetId: string }) => `${h.action} ${h.targetId}`)).toEqual([
      `person.merged-away ${loser.id}`,
      `person.merge ${survivor.id}`,
      `person.create ${loser.id}`,
      `person.create ${survivor.id}`,
    ]);
    expect(history[1]).toMatchObject({ reason: 'same human, checked ID card', actor: 'root' });
    const changes = await db
      .selectFrom('change_log')
      .select(['entity_id', 'op'])
      .where('op', 'in', ['merged', 'merged-away'])
      .execute();
    expect(changes).toEqual([
      { entity_id: String(survivor.id), op: 'merged' },
      { entity_id: String(loser.id), op: 'merged-away' },
    ]);
  });

  it('follows chains: a record merged into a later loser points at the final survivor', async () => {
    const a = await createPerson(t, { givenName: 'Ann', familyName: 'Chain' });
    const b = await createPerson(t, { givenName: 'Ann', familyName: 'Chaine' });
    const c = await createPerson(t, { givenName: 'Anne', familyName: 'Chain' });
    expect((await merge(b, c.id)).statusCode).toBe(200);
    expect((await merge(a, b.id)).statusCode).toBe(200);
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${c.id}` })).json()).toMatchObject({
      state: 'merged',
      mergedInto: a.id,
    });
    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${a.id}/history` })).json();
    expect(new Set(history.map((h: { targetId: string }) => h.targetId))).toEqual(
      new Set([a.id, b.id, c.id].map(String)),
    );
  });

  it('refuses self-merge, merging a tombstone, merging into one, a stale version and a missing reason', async () => {
    const x = await createPerson(t, { givenName: 'Xavier', familyName: 'Solo' });
    const y = await createPerson(t, { givenName: 'Yvonne', familyName: 'Solo' });
    const z = await createPerson(t, { givenName: 'Zed', familyName: 'Solo' });
    const self = await merge(x, x.id);
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0]).toMatchObject({ field: '/loserId', rule: 'not-self' });
    expect((await merge(x, y.id)).statusCode).toBe(200);
    const again = await merge({ id: z.id, version: z.version }, y.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/already merged into/);
    const into = await merge({ id: y.id, version: y.version + 1 }, z.id);
    expect(into.statusCode).toBe(409);
    expect(into.json().errors[0]).toMatchObject({ field: '/id', rule: 'not-merged' });
    expect((await merge({ id: z.id, version: 99 }, x.id)).statusCode).toBe(412);
    const noReason = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${z.id}/merge`,
      headers: { 'if-match': '"1"' },
      payload: { loserId: x.id, reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'PATCH',
          url: `/people/${y.id}`,
          headers: { 'if-match': `"${y.version + 1}"` },
          payload: { givenName: 'Y' },
        })
      ).statusCode,
    ).toBe(409);
  });

  it('is for system administrators only', async () => {
    const orgadmin = await t.tokenFor('phys-admin', [{ role: 'orgadmin', orgId: dept }]);
    const a = await createPerson(t, {
      givenName: 'Olga',
      familyName: 'Owned',
      affiliation: { orgId: dept, kind: 'staff' },
    });
    const b = await createPerson(t, {
      givenName: 'Olga',
      familyName: 'Owned',
      affiliation: { orgId: dept, kind: 'staff' },
    });
    expect((await merge(a, b.id, 'same', orgadmin)).statusCode).toBe(403);
  });
});
