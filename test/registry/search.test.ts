import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from './world.ts';

/** Finding people: typo-tolerant names, exact identifiers first, merged records as their survivor. */
let t: TestApp;
let jon: number;
const search = async (q: string, token = t.tokens.auditor) => {
  const r = await t.call(token, { method: 'GET', url: `/people?q=${encodeURIComponent(q)}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { person: { id: number; displayName: string }; match: string; score: number; matched: string }[];
};

beforeAll(async () => {
  t = await makeTestApp();
  for (const [given, family] of [
    ['Joan', 'Fink'],
    ['Jonathan', 'Fisk'],
    ['John', 'Finnegan'],
    ['Jon', 'Fenwick'],
    ['Mary', 'Finke'],
    ['Anna', 'Jonsson'],
  ])
    await createPerson(t, { givenName: given, familyName: family });
  jon = (
    await createPerson(t, {
      givenName: 'Jon',
      familyName: 'Finke',
      identifiers: [{ kind: 'id-number', value: 'S1234567' }],
      emails: [{ address: 'jon.finke@mail.example' }],
    })
  ).id;
});
afterAll(() => t.close());

describe('searching people', () => {
  it('finds "Jon Fink" as Jon Finke first, typo and all', async () => {
    const hits = await search('Jon Fink');
    expect(hits[0]).toMatchObject({ person: { id: jon, displayName: 'Jon Finke' }, match: 'name' });
    expect(hits[0].score).toBeGreaterThan(hits[1]?.score ?? 0);
  });

  it('puts an exact name before longer names and typos', async () => {
    const longer = (await createPerson(t, { givenName: 'Jon', familyName: 'Finke', middleName: 'Zebedee' })).id;
    const hits = await search('jon finke');
    expect(hits.slice(0, 2).map((h) => h.person.id)).toEqual([jon, longer]);
    expect(hits[0].score).toBe(1);
    expect(hits.slice(2).every((h) => h.score < 1)).toBe(true);
  });

  it('ignores case, accents and punctuation in the query', async () => {
    const zoe = (await createPerson(t, { givenName: 'Zoë', familyName: "O'Dégård" })).id;
    expect((await search('zoe odegard'))[0].person.id).toBe(zoe);
    expect((await search('ZOË  O’DEGARD'))[0].person.id).toBe(zoe);
  });

  it('ranks an exact identifier or email match first, case-insensitively', async () => {
    const byId = await search('s1234567');
    expect(byId[0]).toMatchObject({ person: { id: jon }, match: 'identifier', matched: 'id-number S1234567' });
    const byEmail = await search('JON.FINKE@mail.example');
    expect(byEmail[0]).toMatchObject({ person: { id: jon }, match: 'email' });
  });

  it('finds a name by the middle or preferred name too', async () => {
    const ali = (
      await createPerson(t, {
        givenName: 'Alexandra',
        middleName: 'Beatrix',
        familyName: 'Quill',
        preferredName: 'Ali',
      })
    ).id;
    expect((await search('Ali Quill')).map((h) => h.person.id)).toContain(ali);
    expect((await search('Alexandra Beatrix'))[0].person.id).toBe(ali);
  });

  it('reports a merged record as its survivor, once', async () => {
    const survivor = await createPerson(t, { givenName: 'Kim', familyName: 'Larsen' });
    const loser = await createPerson(t, {
      givenName: 'Kim',
      familyName: 'Larson',
      identifiers: [{ kind: 'source-key', scope: 'sis', value: 'U77' }],
    });
    const merged = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${survivor.id}/merge`,
      headers: { 'if-match': `"${survivor.version}"` },
      payload: { loserId: loser.id, reason: 'same student' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const hits = await search('Kim Larson');
    expect(hits.filter((h) => h.person.id === survivor.id)).toHaveLength(1);
    expect(hits.some((h) => h.person.id === loser.id)).toBe(false);
    expect((await search('U77'))[0]).toMatchObject({ person: { id: survivor.id }, match: 'identifier' });
  });

  it('refuses to search for someone without read access', async () => {
    const nobody = await t.tokenFor('nobody', []);
    expect((await t.call(nobody, { method: 'GET', url: '/people?q=jon' })).statusCode).toBe(403);
  });
});

describe('resolving identifiers', () => {
  it("resolves any identifier, including a merged record's, to the survivor", async () => {
    const survivor = await createPerson(t, { givenName: 'Pat', familyName: 'Mercer' });
    const loser = await createPerson(t, {
      givenName: 'Patricia',
      familyName: 'Mercer',
      identifiers: [
        { kind: 'username', value: 'pmercer' },
        { kind: 'source-key', scope: 'hr', value: 'E9' },
      ],
    });
    await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${survivor.id}/merge`,
      headers: { 'if-match': `"${survivor.version}"` },
      payload: { loserId: loser.id, reason: 'same employee' },
    });
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: '/identifiers/username/PMercer' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      kind: 'username',
      value: 'pmercer',
      personId: survivor.id,
      reservedOnly: false,
      person: { displayName: 'Pat Mercer' },
    });
    expect(
      (await t.call(t.tokens.auditor, { method: 'GET', url: '/identifiers/source-key/E9?scope=hr' })).json().personId,
    ).toBe(survivor.id);
    expect(
      (await t.call(t.tokens.auditor, { method: 'GET', url: '/identifiers/source-key/E9?scope=sis' })).statusCode,
    ).toBe(404);
    const any = (await t.call(t.tokens.auditor, { method: 'GET', url: '/identifiers?value=E9' })).json();
    expect(any).toEqual([expect.objectContaining({ kind: 'source-key', scope: 'hr', personId: survivor.id })]);
  });

  it('still names the holder of a removed identifier, which stays reserved', async () => {
    const p = await createPerson(t, {
      givenName: 'Rita',
      familyName: 'Removed',
      identifiers: [{ kind: 'username', value: 'rremoved' }],
    });
    const del = await t.call(t.tokens.admin, {
      method: 'DELETE',
      url: `/people/${p.id}/identifiers/username/rremoved?reason=account%20closed`,
    });
    expect(del.statusCode).toBe(204);
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: '/identifiers/username/rremoved' });
    expect(r.json()).toMatchObject({ personId: p.id, reservedOnly: true });
    const other = await createPerson(t, { givenName: 'Rex', familyName: 'Other' });
    const reuse = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${other.id}/identifiers`,
      payload: { kind: 'username', value: 'rremoved' },
    });
    expect(reuse.statusCode).toBe(409);
    expect(reuse.json().errors[0]).toMatchObject({ rule: 'reserved' });
    const back = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${p.id}/identifiers`,
      payload: { kind: 'username', value: 'rremoved' },
    });
    expect(back.statusCode).toBe(201);
  });
});
