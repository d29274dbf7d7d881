import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/** SCIM Group writes: a client's own folder, members as set operations, ETags, ownership, governance, audit. */
let t: TestApp;
let entra: string;
let scoped: string;
let readerOnly: string;
const p: Record<string, number> = {};
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  t = await makeTestApp();
  const api = groupsApi(t);
  const sci = await addOrg(t, 'SCI');
  const arts = await addOrg(t, 'ARTS');
  entra = await t.tokenFor('entra', [{ role: 'scim-writer' }]);
  scoped = await t.tokenFor('hr-sci', [{ role: 'scim-writer', orgId: sci }]);
  readerOnly = await t.tokenFor('idp', [{ role: 'scim' }]);
  p.ann = await api.person('Sci', { orgId: sci, kind: 'staff' });
  p.cy = await api.person('Sci', { orgId: sci, kind: 'staff' });
  p.bob = await api.person('Arts', { orgId: arts, kind: 'staff' });
  p.dee = await api.person('Arts', { orgId: arts, kind: 'staff' });
});
afterAll(() => t.close());

const call = (token: string, method: InjectOptions['method'], url: string, payload?: unknown, headers = {}) =>
  t.call(token, { method, url: `/scim/v2${url}`, payload: payload as InjectOptions['payload'], headers });
const values = (group: { members?: { value: string }[] }) =>
  (group.members ?? []).map((m) => Number(m.value)).sort((a, b) => a - b);
const ids = (...names: string[]) => names.map((n) => p[n]!).sort((a, b) => a - b);
const members = (...names: string[]) => names.map((n) => ({ value: String(p[n]) }));
const create = async (token: string, displayName: string, ...names: string[]) => {
  const r = await call(token, 'POST', '/Groups', { schemas: [CORE], displayName, members: members(...names) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; displayName: string; members: { value: string }[]; meta: { version: string } };
};
const patch = (token: string, id: string, ...ops: unknown[]) =>
  call(token, 'PATCH', `/Groups/${id}`, { schemas: [PATCH], Operations: ops });
const counts = async () => {
  const n = async (table: 'groups' | 'group_memberships' | 'audit_log' | 'change_log' | 'group_folders') =>
    Number(
      (
        await t
          .db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    groups: await n('groups'),
    memberships: await n('group_memberships'),
    audit: await n('audit_log'),
    changes: await n('change_log'),
    folders: await n('group_folders'),
  };
};
const auditActions = async (groupId: string) =>
  (
    await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'group')
      .where('target_id', '=', groupId)
      .orderBy('seq')
      .execute()
  ).map((r) => r.action);

describe('SCIM Group writes', () => {
  it('creates a group in the client’s own folder, with its members, audited and in the change log', async () => {
    const r = await call(entra, 'POST', '/Groups', {
      schemas: [CORE],
      displayName: 'Engineering Team',
      externalId: 'e-1',
      members: members('ann', 'cy'),
    });
    expect(r.statusCode, r.body).toBe(201);
    const g = r.json();
    expect(g).toMatchObject({ displayName: 'Engineering Team', externalId: 'e-1', meta: { version: r.headers.etag } });
    expect(r.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${g.id}$`));
    expect(values(g)).toEqual(ids('ann', 'cy'));
    const row = await t.db().selectFrom('groups').selectAll().where('id', '=', Number(g.id)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'basic', display_name: 'Engineering Team', extension: 'Engineering_Team' });
    const folder = await t
      .db()
      .selectFrom('group_folders')
      .selectAll()
      .where('id', '=', row.folder_id)
      .executeTakeFirstOrThrow();
    expect(folder).toMatchObject({ name: 'scim-entra', parent_id: null });
    expect(await auditActions(g.id)).toEqual([
      'group.create',
      'group.member.add',
      'group.member.add',
      'group.external-id',
    ]);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select(['entity_type', 'op'])
      .where('entity_id', '=', g.id)
      .execute();
    expect(changes).toEqual(
      expect.arrayContaining([
        { entity_type: 'group', op: 'created' },
        { entity_type: 'group', op: 'member-added' },
        { entity_type: 'group_effective', op: 'updated' },
      ]),
    );
    const history = await t
      .db()
      .selectFrom('group_history')
      .select('event')
      .where('group_id', '=', Number(g.id))
      .execute();
    expect(history.map((h) => h.event).sort()).toEqual(['group-created', 'member-added', 'member-added']);
  });

  it('shows a client its own groups under the displayName it gave, and finds them by it; others see the full name', async () => {
    await create(entra, 'Find Me');
    const found = await call(entra, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "find me"')}`);
    expect(found.json()).toMatchObject({ totalResults: 1, Resources: [{ displayName: 'Find Me' }] });
    const other = await call(
      readerOnly,
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "scim-entra:Find_Me"')}`,
    );
    expect(other.json()).toMatchObject({ totalResults: 1, Resources: [{ displayName: 'scim-entra:Find_Me' }] });
    const sentBack = await call(entra, 'POST', '/Groups', { schemas: [CORE], displayName: 'scim-entra:Find Me' });
    expect(sentBack.json()).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const id = found.json().Resources[0].id;
    const admin = await call(t.tokens.admin, 'PUT', `/Groups/${id}`, {
      schemas: [CORE],
      displayName: 'scim-entra:Find_Me',
    });
    expect(admin.statusCode, admin.body).toBe(200);
    expect((await call(entra, 'GET', `/Groups/${id}`)).json()).toMatchObject({ displayName: 'Find Me' });
  });

  it('refuses a displayName the folder holds (409 uniqueness), an unknown person and one out of scope (400), writing nothing', async () => {
    await create(entra, 'Dupes');
    const before = await counts();
    const dup = await call(entra, 'POST', '/Groups', { schemas: [CORE], displayName: 'Dupes' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const unknown = await call(scoped, 'POST', '/Groups', {
      schemas: [CORE],
      displayName: 'Chemists',
      members: [...members('ann'), { value: '999999' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('999999') });
    const outside = await call(scoped, 'POST', '/Groups', {
      schemas: [CORE],
      displayName: 'Chemists',
      members: members('bob'),
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().detail).toContain(String(p.bob));
    const extra = await call(entra, 'POST', '/Groups', { schemas: [CORE], displayName: 'X', owner: 'me' });
    expect(extra.json()).toMatchObject({ status: '400', detail: expect.stringContaining('owner') });
    const readOnly = await call(readerOnly, 'POST', '/Groups', { schemas: [CORE], displayName: 'X' });
    expect(readOnly.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('PUT replaces the direct members: ends those not listed, adds the new, keeps the others’ memberships', async () => {
    const g = await create(entra, 'Replace Me', 'ann', 'cy');
    const cyBefore = await t
      .db()
      .selectFrom('group_memberships')
      .select('id')
      .where('member_person_id', '=', p.cy)
      .where('group_id', '=', Number(g.id))
      .executeTakeFirstOrThrow();
    const r = await call(entra, 'PUT', `/Groups/${g.id}`, {
      schemas: [CORE],
      id: g.id,
      displayName: 'Replaced',
      members: members('cy', 'bob'),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ displayName: 'Replaced' });
    expect(values(r.json())).toEqual(ids('cy', 'bob'));
    const cyAfter = await t
      .db()
      .selectFrom('group_memberships')
      .select('id')
      .where('member_person_id', '=', p.cy)
      .where('group_id', '=', Number(g.id))
      .executeTakeFirstOrThrow();
    expect(cyAfter.id).toBe(cyBefore.id);
    expect(r.headers.etag).not.toBe(g.meta.version);
    expect((await auditActions(g.id)).slice(3)).toEqual(['group.update', 'group.member.remove', 'group.member.add']);
  });

  it('PATCH adds, removes by filter, removes all and replaces, as set operations, with Entra ID’s forms', async () => {
    const g = await create(entra, 'Patched', 'ann');
    const ok = async (...ops: unknown[]) => {
      const r = await patch(entra, g.id, ...ops);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    expect(values(await ok({ op: 'add', path: 'members', value: members('cy', 'ann') }))).toEqual(ids('ann', 'cy'));
    expect(values(await ok({ op: 'remove', path: `members[value eq "${p.ann}"]` }))).toEqual(ids('cy'));
    expect(values(await ok({ op: 'Add', path: 'members', value: members('bob', 'dee') }))).toEqual(
      ids('cy', 'bob', 'dee'),
    );
    expect(values(await ok({ op: 'Remove', path: 'members', value: members('bob', 'ann') }))).toEqual(ids('cy', 'dee'));
    expect(values(await ok({ op: 'replace', path: 'members', value: members('ann') }))).toEqual(ids('ann'));
    const renamed = await ok(
      { op: 'Replace', value: { displayName: 'Patched Twice' } },
      { op: 'remove', path: 'members' },
    );
    expect(renamed).toMatchObject({ displayName: 'Patched Twice' });
    expect(values(renamed)).toEqual([]);
  });

  it('answers 412 to a stale If-Match and 404 to an unknown group, and changes nothing', async () => {
    const g = await create(entra, 'Versioned', 'ann');
    const moved = await patch(entra, g.id, { op: 'add', path: 'members', value: members('cy') });
    const stale = await call(
      entra,
      'PATCH',
      `/Groups/${g.id}`,
      { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] },
      { 'if-match': g.meta.version },
    );
    expect(stale.statusCode).toBe(412);
    const current = await call(
      entra,
      'PATCH',
      `/Groups/${g.id}`,
      { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] },
      { 'if-match': moved.headers.etag as string },
    );
    expect(current.statusCode, current.body).toBe(200);
    expect((await patch(entra, '987654', { op: 'remove', path: 'members' })).statusCode).toBe(404);
  });

  it('lets a client write only the groups in its folder; composite and rule groups are read-only; a system administrator writes any basic group', async () => {
    const api = groupsApi(t);
    const folder = await api.folder('apps');
    const staff = await api.group(folder.id, 'staff');
    const both = await api.group(folder.id, 'both', {
      composite: { op: 'union', leftId: staff.id, rightId: (await api.group(folder.id, 'other')).id },
    });
    const mine = await create(entra, 'Mine');
    const theirs = await patch(scoped, mine.id, { op: 'add', path: 'members', value: members('ann') });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json().detail).toContain('scim-hr-sci');
    expect(
      (await patch(entra, String(staff.id), { op: 'add', path: 'members', value: members('ann') })).statusCode,
    ).toBe(403);
    const admin = await patch(t.tokens.admin, String(staff.id), { op: 'add', path: 'members', value: members('ann') });
    expect(admin.statusCode, admin.body).toBe(200);
    const composite = await patch(t.tokens.admin, String(both.id), {
      op: 'add',
      path: 'members',
      value: members('ann'),
    });
    expect(composite.json()).toMatchObject({ status: '400', scimType: 'mutability' });
    expect((await call(entra, 'DELETE', `/Groups/${staff.id}`)).statusCode).toBe(403);
  });

  it('refuses a direct add to a governed group (403, naming the policy), writing nothing', async () => {
    const g = await create(entra, 'Governed');
    const policy = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/policies',
      payload: { name: 'gov', groupId: Number(g.id) },
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const before = await counts();
    const r = await patch(entra, g.id, { op: 'add', path: 'members', value: members('ann') });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toContain('governed by the policy gov');
    expect(await counts()).toEqual(before);
  });

  it('runs the add checks on every added member: separation of duties refuses one who holds the other group (409)', async () => {
    const left = await create(entra, 'Payments', 'ann');
    const right = await create(entra, 'Approvals', 'cy');
    const excl = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/exclusions',
      payload: { leftGroupId: Number(left.id), rightGroupId: Number(right.id), reason: 'four eyes' },
    });
    expect(excl.statusCode, excl.body).toBe(201);
    const before = await counts();
    const r = await patch(entra, right.id, { op: 'add', path: 'members', value: members('bob', 'ann') });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toContain('Payments');
    expect(await counts()).toEqual(before);
    expect((await patch(entra, right.id, { op: 'add', path: 'members', value: members('bob') })).statusCode).toBe(200);
  });

  it('applies a PATCH whole or not at all: a bad operation after good ones writes nothing', async () => {
    const g = await create(entra, 'Atomic', 'ann');
    const before = await counts();
    const r = await patch(
      entra,
      g.id,
      { op: 'add', path: 'members', value: members('cy') },
      { op: 'replace', path: 'displayName', value: 'Atomic Two' },
      { op: 'add', path: 'members', value: [{ value: '888888' }] },
    );
    expect(r.json()).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
      detail: expect.stringContaining('888888'),
    });
    expect(await counts()).toEqual(before);
    const now = (await call(entra, 'GET', `/Groups/${g.id}`)).json();
    expect(now).toMatchObject({ displayName: 'Atomic', meta: { version: g.meta.version } });
    expect(values(now)).toEqual(ids('ann'));
  });

  it('deletes a group (204), its memberships with it', async () => {
    const g = await create(entra, 'Doomed', 'ann');
    expect((await call(entra, 'DELETE', `/Groups/${g.id}`, undefined, { 'if-match': 'W/"0"' })).statusCode).toBe(412);
    expect((await call(entra, 'DELETE', `/Groups/${g.id}`, undefined, { 'if-match': g.meta.version })).statusCode).toBe(
      204,
    );
    expect((await call(entra, 'GET', `/Groups/${g.id}`)).statusCode).toBe(404);
    expect((await call(entra, 'DELETE', `/Groups/${g.id}`)).statusCode).toBe(404);
    expect(
      await t.db().selectFrom('group_memberships').select('id').where('group_id', '=', Number(g.id)).execute(),
    ).toEqual([]);
    expect((await auditActions(g.id)).at(-1)).toBe('group.delete');
  });
});
