import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { makeFeedWorld } from './feed-world.ts';

/** GET /sources/reviews says why each candidate was considered, and a settled review names the record's person. */
describe('match review candidates', () => {
  let t: TestApp;
  let ada: number;
  let bob: number;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
    const person = async (body: object) => {
      const r = await t.call(t.tokens.admin, { method: 'POST', url: '/people', payload: body });
      expect(r.statusCode).toBe(201);
      return r.json().id as number;
    };
    ada = await person({
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1915-12-10',
      identifiers: [{ kind: 'id-number', value: 'ID-7001' }],
      emails: [{ address: 'ada@example.org' }],
    });
    bob = await person({ givenName: 'Bob', familyName: 'Byron', identifiers: [{ kind: 'username', value: 'bbyron' }] });
  });
  afterAll(() => t.close());

  const put = (key: string, body: object) =>
    t.call(t.tokens.admin, {
      method: 'PUT',
      url: `/sources/hr/records/${key}`,
      payload: { kind: 'employee', orgCode: 'CHEM', ...body },
    });
  const reviews = async () =>
    (await t.call(t.tokens.auditor, { method: 'GET', url: '/sources/reviews?source=hr' })).json();

  it('lists for each candidate the identifiers of the record they hold and their birth date', async () => {
    const r = await put('hr-R1-1', {
      personKey: 'R1',
      givenName: 'Zed',
      familyName: 'Quux',
      idNumber: 'ID-7001',
      username: 'bbyron',
      email: 'ada@example.org',
    });
    expect(r.statusCode).toBe(202);
    const [review] = await reviews();
    expect(review.personId).toBeNull();
    const byId = new Map(review.candidates.map((c: { personId: number }) => [c.personId, c]));
    expect(byId.get(ada)).toMatchObject({
      name: 'Ada Lovelace',
      birthDate: '1915-12-10',
      matchedBy: [
        { kind: 'id-number', value: 'ID-7001' },
        { kind: 'email', value: 'ada@example.org' },
      ],
    });
    expect(byId.get(bob)).toMatchObject({
      name: 'Bob Byron',
      birthDate: null,
      matchedBy: [{ kind: 'username', value: 'bbyron' }],
    });
  });

  it('answers a settled review with the person the record now belongs to', async () => {
    const [open] = await reviews();
    const matched = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/sources/reviews/${open.id}/resolve`,
      payload: { personId: bob },
    });
    expect(matched.json()).toMatchObject({ state: 'matched', personId: bob });

    const r = await put('hr-R2-1', { personKey: 'R2', givenName: 'Carla', familyName: 'Diaz', idNumber: 'ID-7001' });
    const created = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/sources/reviews/${r.json().reviewId}/resolve`,
      payload: { create: true },
    });
    expect(created.json()).toMatchObject({
      state: 'created',
      candidates: [{ personId: ada, matchedBy: [{ kind: 'id-number', value: 'ID-7001' }] }],
    });
    const person = await t.call(t.tokens.admin, { method: 'GET', url: `/people/${created.json().personId}` });
    expect(person.json()).toMatchObject({ givenName: 'Carla', familyName: 'Diaz' });
    const settled = (
      await t.call(t.tokens.auditor, { method: 'GET', url: '/sources/reviews?source=hr&state=matched' })
    ).json();
    expect(settled.map((s: { recordKey: string; personId: number }) => [s.recordKey, s.personId])).toEqual([
      ['hr-R1-1', bob],
    ]);
    expect(await reviews()).toEqual([]);
  });
});
