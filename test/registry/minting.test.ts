import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { isValidIdNumber } from '../../src/registry/id-number.ts';
import { addOrg, createPerson } from './world.ts';

/** Minting ID numbers, usernames and emails: pattern order, collisions, reservation forever, concurrency. */
let t: TestApp;
const mint = (id: number, kind: string, token = t.tokens.admin) =>
  t.call(token, { method: 'POST', url: `/people/${id}/mint`, payload: { kind } });
const settings = async () => (await t.call(t.tokens.admin, { method: 'GET', url: '/settings/minting' })).json();
const putSettings = (value: object, version: number) =>
  t.call(t.tokens.admin, {
    method: 'PUT',
    url: '/settings/minting',
    headers: { 'if-match': `"${version}"` },
    payload: value,
  });

/** Inserts many people with one name straight into the table (fast set-up for volume tests). */
async function namesakes(n: number, given: string, family: string): Promise<number[]> {
  const now = t.clock.now();
  const rows = Array.from({ length: n }, () => ({
    given_name: given,
    family_name: family,
    search_name: `${given} ${family}`.toLowerCase(),
    emails: '[]',
    phones: '[]',
    created_at: now,
    updated_at: now,
  }));
  return (await t.db().insertInto('people').values(rows).returning('id').execute()).map((r) => r.id);
}

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('minting settings', () => {
  it('start as defaults at version 0 and save with If-Match, validated field by field', async () => {
    const current = await settings();
    expect(current.version).toBe(0);
    expect(current.settings.username.patterns[0]).toBe('{g1}{family}');
    const bad = await putSettings(
      { ...current.settings, username: { patterns: ['{g1}{n}{family}'], maxLength: 8 } },
      0,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: '/username/patterns/0', rule: 'pattern-syntax', message: '{n} must come last' },
    ]);
    const unknown = await putSettings({ ...current.settings, colour: 'blue' }, 0);
    expect(unknown.json().errors[0]).toMatchObject({ field: '/colour', rule: 'unknown-field' });
    expect(
      (await t.call(t.tokens.admin, { method: 'PUT', url: '/settings/minting', payload: current.settings })).statusCode,
    ).toBe(428);
    const saved = await putSettings(
      { ...current.settings, email: { ...current.settings.email, domain: 'uni.example' } },
      0,
    );
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect((await putSettings(current.settings, 0)).statusCode).toBe(412);
    expect((await settings()).settings.email.domain).toBe('uni.example');
  });
});

describe('minting identifiers', () => {
  it('tries the username patterns in order, then numbers, transliterating names', async () => {
    const values: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const p = await createPerson(t, { givenName: 'Zoë', familyName: 'Ødegård' });
      const r = await mint(p.id, 'username');
      expect(r.statusCode, r.body).toBe(201);
      values.push(r.json().value);
    }
    expect(values).toEqual(['zodegard', 'zoeo', 'zodegar1', 'zodegar2', 'zodegar3']);
  });

  it('issues ID numbers from the counter with a valid check digit', async () => {
    const { settings: s } = await settings();
    const a = (await mint((await createPerson(t, { givenName: 'Ida', familyName: 'Number' })).id, 'id-number')).json()
      .value;
    const b = (await mint((await createPerson(t, { givenName: 'Ivo', familyName: 'Number' })).id, 'id-number')).json()
      .value;
    expect(a).toMatch(/^S\d{8}$/);
    expect(isValidIdNumber(s.idNumber, a) && isValidIdNumber(s.idNumber, b)).toBe(true);
    expect(Number(b.slice(1, 8))).toBe(Number(a.slice(1, 8)) + 1);
  });

  it('skips an ID number someone entered by hand', async () => {
    const { settings: s } = await settings();
    const probe = (
      await mint((await createPerson(t, { givenName: 'Pia', familyName: 'Probe' })).id, 'id-number')
    ).json().value as string;
    const next = Number(probe.slice(1, 8)) + 1;
    const { formatIdNumber } = await import('../../src/registry/id-number.ts');
    const handTyped = formatIdNumber(s.idNumber, next);
    await createPerson(t, {
      givenName: 'Hans',
      familyName: 'Hand',
      identifiers: [{ kind: 'id-number', value: handTyped }],
    });
    const minted = (
      await mint((await createPerson(t, { givenName: 'Mia', familyName: 'Minted' })).id, 'id-number')
    ).json().value;
    expect(minted).toBe(formatIdNumber(s.idNumber, next + 1));
  });

  it('builds email addresses at the configured domain', async () => {
    const a = await createPerson(t, { givenName: 'Anne-Marie', familyName: "O'Neil" });
    expect((await mint(a.id, 'email')).json().value).toBe('annemarie.oneil@uni.example');
    const b = await createPerson(t, { givenName: 'Anne Marie', familyName: 'ONeil' });
    expect((await mint(b.id, 'email')).json().value).toBe('annemarie.oneil1@uni.example');
  });

  it('never reissues a value, even after it is removed or its holder merged away', async () => {
    const first = await createPerson(t, { givenName: 'Rory', familyName: 'Reuse' });
    expect((await mint(first.id, 'username')).json().value).toBe('rreuse');
    await t.call(t.tokens.admin, { method: 'DELETE', url: `/people/${first.id}/identifiers/username/rreuse` });
    const second = await createPerson(t, { givenName: 'Rory', familyName: 'Reuse' });
    const survivor = await createPerson(t, { givenName: 'Ruth', familyName: 'Keeper' });
    await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${survivor.id}/merge`,
      headers: { 'if-match': `"${survivor.version}"` },
      payload: { loserId: first.id, reason: 'same' },
    });
    expect((await mint(second.id, 'username')).json().value).not.toBe('rreuse');
  });

  it('refuses a second identifier of a kind and an unknown kind', async () => {
    const p = await createPerson(t, { givenName: 'Una', familyName: 'Once' });
    expect((await mint(p.id, 'username')).statusCode).toBe(201);
    const again = await mint(p.id, 'username');
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0]).toMatchObject({
      field: '/kind',
      message: expect.stringContaining('already has username uonce'),
    });
    expect((await mint(p.id, 'shoe-size')).statusCode).toBe(400);
  });

  it('audits each minted value on the person', async () => {
    const p = await createPerson(t, { givenName: 'Otto', familyName: 'Audit' });
    await mint(p.id, 'id-number');
    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${p.id}/history` })).json();
    expect(history[0]).toMatchObject({ action: 'person.mint', after: { kind: 'id-number' } });
  });
});

describe('minting under load', () => {
  it(`hands distinct usernames to namesakes minting concurrently (${storageKind})`, async () => {
    const ids = await namesakes(40, 'John', 'Smith');
    const results = await Promise.all(ids.map((id) => mint(id, 'username')));
    expect(
      results.map((r) => r.statusCode),
      results.find((r) => r.statusCode !== 201)?.body,
    ).toEqual(ids.map(() => 201));
    const values = results.map((r) => r.json().value);
    expect(new Set(values).size).toBe(ids.length);
    expect(values).toEqual(expect.arrayContaining(['jsmith', 'johns', 'jsmith1', `jsmith${ids.length - 2}`]));
  });

  it('keeps concurrent batches of many namesakes distinct, with ID numbers too', async () => {
    const ids = await namesakes(600, 'Maria', 'Garcia');
    const system = systemActor('test');
    const chunks = [ids.slice(0, 200), ids.slice(200, 400), ids.slice(400)];
    const batches = await Promise.all(
      chunks.map((chunk) => t.app.people.mintMany(system, { kind: 'username', personIds: chunk, batchSize: 50 })),
    );
    const usernames = batches.flatMap((b) => b.minted.map((m) => m.value));
    expect(usernames).toHaveLength(600);
    expect(new Set(usernames).size).toBe(600);
    expect(usernames.every((u) => u.length <= 8)).toBe(true);
    const numbers = await Promise.all(
      chunks.map((chunk) => t.app.people.mintMany(system, { kind: 'id-number', personIds: chunk, batchSize: 64 })),
    );
    const issued = numbers.flatMap((b) => b.minted.map((m) => m.value));
    expect(new Set(issued).size).toBe(600);
    const again = await t.app.people.mintMany(system, { kind: 'username', personIds: ids.slice(0, 3) });
    expect(again.minted).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^already has username /)]),
    );
    const stored = await t
      .db()
      .selectFrom('identifiers')
      .select('value')
      .where('kind', '=', 'username')
      .where('person_id', 'in', ids)
      .execute();
    expect(stored).toHaveLength(600);
  });

  it('skips people an organisation administrator may not mint for', async () => {
    const orgadmin = await t.tokenFor('nowhere-admin', [{ role: 'orgadmin', orgId: await addOrg(t, 'NOWHERE') }]);
    const [id] = await namesakes(1, 'Sam', 'Scope');
    const r = await t.call(orgadmin, {
      method: 'POST',
      url: '/minting/batch',
      payload: { kind: 'username', personIds: [id] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      minted: [],
      skipped: [{ personId: id, reason: "nowhere-admin may not mint for this person's organisation" }],
    });
  });
});
