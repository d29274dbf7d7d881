import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { appendixA } from '../../src/status/appendix-a.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from './world.ts';

/** Status types as configuration: add, read, replace with If-Match, delete, and bad bodies. */
let t: TestApp;
let admin: string;
let unit: number;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  admin = t.tokens.admin;
  unit = await addOrg(t, 'PHYS');
});
afterAll(() => t.close());

const staff = {
  name: 'Staff',
  rank: 700,
  category: 'employee',
  cardLabel: 'Employee',
  directory: 'Y',
  description: 'Anyone HR employs',
  match: { kinds: ['staff'] },
};

async function auditActions(targetId: number): Promise<string[]> {
  const rows = await t
    .db()
    .selectFrom('audit_log')
    .select('action')
    .where('target_type', '=', 'status_type')
    .where('target_id', '=', String(targetId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('status types', () => {
  it('adds a status type, audited and in the change log, with defaults for the optional fields', async () => {
    const r = await t.call(admin, { method: 'POST', url: '/status-types', payload: staff });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    const created = r.json();
    expect(created).toMatchObject({ ...staff, holders: 0, version: 1 });
    expect(await auditActions(created.id)).toEqual(['status.type.create']);
    const change = await t
      .db()
      .selectFrom('change_log')
      .select(['op', 'data'])
      .where('entity_type', '=', 'status_type')
      .where('entity_id', '=', String(created.id))
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ op: 'created', data: { name: 'Staff', rank: 700 } });

    const bare = await t.call(admin, {
      method: 'POST',
      url: '/status-types',
      payload: { name: '  Visitor ', rank: 100, category: 'visitor', match: { kinds: ['visitor'] } },
    });
    expect(bare.json()).toMatchObject({ name: 'Visitor', cardLabel: null, directory: 'N', description: '' });
  });

  it('lists types highest rank first, each with how many hold it today; anyone with a role may read', async () => {
    await createPerson(t, { givenName: 'Ada', familyName: 'Staffer', affiliation: { orgId: unit, kind: 'staff' } });
    const list = await t.call(t.tokens.auditor, { method: 'GET', url: '/status-types' });
    expect(list.json().map((s: { name: string; holders: number }) => [s.name, s.holders])).toEqual([
      ['Staff', 1],
      ['Visitor', 0],
    ]);
    const nobody = await t.tokenFor('nobody', []);
    expect((await t.call(nobody, { method: 'GET', url: '/status-types' })).statusCode).toBe(403);
  });

  it('refuses bad bodies with 400 naming the field and the rule (shape in the body, then the rules)', async () => {
    const post = (payload: object) => t.call(admin, { method: 'POST', url: '/status-types', payload });
    const cases: [object, { field: string; rule: string }][] = [
      [
        { ...staff, name: 'A', rank: 'high' },
        { field: 'body/rank', rule: 'type' },
      ],
      [
        { ...staff, name: 'B', directory: 'X' },
        { field: 'body/directory', rule: 'enum' },
      ],
      [
        { ...staff, name: 'C', match: { kind: ['staff'] } },
        { field: 'body/match/kind', rule: 'unknown-field' },
      ],
      [
        { ...staff, name: 'D', match: {} },
        { field: '/match', rule: 'not-empty' },
      ],
      [
        { ...staff, name: 'E', match: { codes: ['A%E'] } },
        { field: '/match/codes/0', rule: 'wildcard' },
      ],
      [
        { ...staff, name: 'F', match: { orgPath: 'faculty' } },
        { field: '/match/orgPath', rule: 'org-path' },
      ],
      [
        { ...staff, name: '   ' },
        { field: '/name', rule: 'not-blank' },
      ],
      [
        { rank: 1, category: 'x', match: { kinds: ['x'] } },
        { field: 'body/name', rule: 'required' },
      ],
    ];
    for (const [payload, problem] of cases) {
      const r = await post(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors, JSON.stringify(payload)).toContainEqual(expect.objectContaining(problem));
    }
  });

  it('refuses a second type with the same name, ignoring case', async () => {
    const r = await t.call(admin, { method: 'POST', url: '/status-types', payload: { ...staff, name: 'STAFF' } });
    expect(r.statusCode).toBe(409);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/name', rule: 'unique' })]);
  });

  it('replaces a type with If-Match: 428 without it, 412 when stale, audited with before and after', async () => {
    const type = await addType(t, {
      name: 'Contractor',
      rank: 300,
      category: 'contractor',
      match: { kinds: ['contractor'] },
    });
    const url = `/status-types/${type.id}`;
    const read = await t.call(t.tokens.auditor, { method: 'GET', url });
    expect(read.headers.etag).toBe('"1"');
    const body = { name: 'Contractor', rank: 350, category: 'contractor', match: { kinds: ['contractor', 'agency'] } };
    expect((await t.call(admin, { method: 'PUT', url, payload: body })).statusCode).toBe(428);
    const ok = await t.call(admin, { method: 'PUT', url, headers: { 'if-match': '"1"' }, payload: body });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rank: 350, version: 2, match: { kinds: ['contractor', 'agency'] } });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.call(admin, {
      method: 'PUT',
      url,
      headers: { 'if-match': '"1"' },
      payload: { ...body, rank: 1 },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('precondition-failed');
    const renamed = await t.call(admin, {
      method: 'PUT',
      url,
      headers: { 'if-match': '"2"' },
      payload: { ...body, name: 'staff' },
    });
    expect(renamed.statusCode).toBe(409);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('target_type', '=', 'status_type')
      .where('target_id', '=', String(type.id))
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['status.type.create', 'status.type.update']);
    expect(audit[1]).toMatchObject({ before: { rank: 300 }, after: { rank: 350 } });
  });

  it('only system administrators configure status types', async () => {
    const orgadmin = await t.tokenFor('orgadmin', [{ role: 'orgadmin', orgId: unit }]);
    expect(
      (await t.call(orgadmin, { method: 'POST', url: '/status-types', payload: { ...staff, name: 'Mine' } }))
        .statusCode,
    ).toBe(403);
    expect((await t.call(t.tokens.auditor, { method: 'DELETE', url: '/status-types/1' })).statusCode).toBe(403);
  });

  it('deletes a type nobody holds, and refuses one that someone holds, saying who', async () => {
    const unused = await addType(t, { name: 'Unused', rank: 1, category: 'x', match: { kinds: ['nothing'] } });
    expect((await t.call(admin, { method: 'DELETE', url: `/status-types/${unused.id}` })).statusCode).toBe(204);
    expect((await t.call(admin, { method: 'GET', url: `/status-types/${unused.id}` })).statusCode).toBe(404);
    expect(await auditActions(unused.id)).toEqual(['status.type.create', 'status.type.delete']);

    const held = (await t.call(admin, { method: 'GET', url: '/status-types' }))
      .json()
      .find((s: { name: string }) => s.name === 'Staff');
    const refused = await t.call(admin, { method: 'DELETE', url: `/status-types/${held.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'conflict',
      holders: 1,
      inHistory: 1,
      errors: [{ field: '/id', rule: 'in-use' }],
    });
    expect(refused.json().detail).toContain('1 person holds it today');
  });

  it('loads a published set (Appendix A) in one go, in its order, and skips the names it finds on the second load', async () => {
    const actor = systemActor('test');
    const first = await t.app.status.types.createTypes(actor, appendixA, { skipExisting: true });
    expect(first).toEqual({ created: appendixA.length, skipped: 0 });
    expect(await t.app.status.types.createTypes(actor, appendixA, { skipExisting: true })).toEqual({
      created: 0,
      skipped: appendixA.length,
    });
    await expect(t.app.status.types.createTypes(actor, appendixA.slice(0, 1))).rejects.toMatchObject({
      code: 'conflict',
      problems: [{ field: '/0/name', rule: 'unique' }],
    });
    const list = await t.app.status.types.listTypes(actor);
    const loaded = list.filter((s) => appendixA.some((a) => a.name === s.name));
    // Equal ranks keep the appendix's order: the earlier one has the lower id.
    const exempt = loaded.find((s) => s.name === 'Exempt employee')!;
    const executive = loaded.find((s) => s.name === 'Executive')!;
    expect(exempt.id).toBeLessThan(executive.id);
    expect(
      await t.db().selectFrom('audit_log').select('seq').where('action', '=', 'status.type.create').execute(),
    ).toHaveLength(appendixA.length + 4);
  });

  it('keeps the look-ahead window as a versioned setting (default 14 days)', async () => {
    const read = await t.call(t.tokens.auditor, { method: 'GET', url: '/settings/status' });
    expect(read.json()).toEqual({ lookAheadDays: 14, version: 0 });
    expect(read.headers.etag).toBe('"0"');
    const saved = await t.call(admin, {
      method: 'PUT',
      url: '/settings/status',
      headers: { 'if-match': '"0"' },
      payload: { lookAheadDays: 21 },
    });
    expect(saved.json()).toEqual({ lookAheadDays: 21, version: 1 });
    expect(
      (
        await t.call(admin, {
          method: 'PUT',
          url: '/settings/status',
          headers: { 'if-match': '"0"' },
          payload: { lookAheadDays: 7 },
        })
      ).statusCode,
    ).toBe(412);
    const bad = await t.call(admin, {
      method: 'PUT',
      url: '/settings/status',
      headers: { 'if-match': '"1"' },
      payload: { lookAheadDays: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body/lookAheadDays', rule: 'minimum' });
  });
});
