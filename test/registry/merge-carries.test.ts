import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, decision, ok, person, resources, role, unit } from '../access/world.ts';
import { groupsApi } from '../groups/world.ts';

/**
 * A merge carries what the absorbed record held in the newer capabilities — direct group
 * memberships (and through them nested ones), group privileges, role assignments and
 * temporary-account loans — to the survivor, once each, and the tombstone keeps none.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-10-01T09:00:00Z' });
});
afterAll(() => t.close());

async function mergeInto(survivorId: number, loserId: number) {
  const survivor = await t.call(t.tokens.admin, { method: 'GET', url: `/people/${survivorId}` });
  return t.call(t.tokens.admin, {
    method: 'POST',
    url: `/people/${survivorId}/merge`,
    headers: { 'if-match': String(survivor.headers.etag) },
    payload: { loserId, reason: 'same human, checked ID card' },
  });
}

const ids = (rows: Array<{ id: number | string }>) => rows.map((r) => Number(r.id)).sort((a, b) => a - b);

describe('merging people who are in groups, hold roles and borrowed an account', () => {
  it('moves memberships, privileges, role assignments and loans to the survivor, without duplicates, and the access index follows', async () => {
    const g = groupsApi(t);
    const db = t.db();
    const uni = await unit(t, 'UNI');
    const survivor = await person(t, 'Sam', uni);
    const loser = await person(t, 'Sammy', uni);

    // Groups: the loser is in `team`, `team` is in `outer`; both records are direct members of `shared`.
    const folder = await g.folder('merge');
    const team = await g.group(folder.id, 'team');
    const outer = await g.group(folder.id, 'outer');
    const shared = await g.group(folder.id, 'shared');
    const teamMembership = await g.add(team.id, { personId: loser, reason: 'project' });
    await g.add(outer.id, { groupId: team.id });
    const survivorsShared = await g.add(shared.id, { personId: survivor, disabledAt: '2026-12-01T00:00:00Z' });
    const losersShared = await g.add(shared.id, {
      personId: loser,
      enabledFrom: '2026-09-01T00:00:00Z',
      disabledAt: '2027-06-01T00:00:00Z',
    });
    const optOut = await ok(t, 'POST', `/groups/${team.id}/privileges`, { privilege: 'optout', personId: loser });
    const losersRead = await ok(t, 'POST', `/groups/${shared.id}/privileges`, { privilege: 'read', personId: loser });
    const survivorsRead = await ok(t, 'POST', `/groups/${shared.id}/privileges`, {
      privilege: 'read',
      personId: survivor,
    });
    expect(await g.effectiveIds(outer.id)).toEqual([loser]);

    // Access: a role held only by the loser, a role both hold exactly alike, a role given to the outer group.
    await application(t, 'wiki');
    await resources(t, 'wiki', [['space', null]]);
    const editor = await role(t, 'wiki', 'editor', [{ action: 'EDIT', resource: 'space' }]);
    const reader = await role(t, 'wiki', 'reader', [{ action: 'READ', resource: 'space' }]);
    const member = await role(t, 'wiki', 'member', [{ action: 'COMMENT', resource: 'space' }]);
    const [losersEditor] = await assign(t, {
      roleId: editor,
      subjects: [{ type: 'person', id: loser }],
      scopes: [{ kind: 'org', orgId: uni }],
    });
    const [losersReader, survivorsReader] = await assign(t, {
      roleId: reader,
      subjects: [
        { type: 'person', id: loser },
        { type: 'person', id: survivor },
      ],
      scopes: [{ kind: 'everywhere' }],
    });
    await assign(t, { roleId: member, subjects: [{ type: 'group', id: outer.id }], scopes: [{ kind: 'everywhere' }] });
    expect(await decision(t, loser, 'wiki', 'EDIT', 'space', uni)).toBe('allow');
    expect(await decision(t, survivor, 'wiki', 'EDIT', 'space', uni)).toBe('deny');
    expect(await decision(t, loser, 'wiki', 'COMMENT', 'space')).toBe('allow');
    expect(await decision(t, survivor, 'wiki', 'COMMENT', 'space')).toBe('deny');

    // Loans: the loser borrowed a temporary account.
    const account = await ok<{ id: number }>(t, 'POST', '/loans/accounts', { username: 'temp-uni-01', orgId: uni });
    const lent = await ok<{ loan: { id: number; version: number } }>(t, 'POST', '/loans', {
      orgId: uni,
      borrowerName: 'Sammy at the front desk',
      borrowerPersonId: loser,
      comment: 'lost badge',
      hours: 4,
    });
    expect(account.id).toBeGreaterThan(0);

    const since = Number(
      (await db.selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirstOrThrow()).seq,
    );
    const r = await mergeInto(survivor, loser);
    expect(r.statusCode, r.body).toBe(200);

    // Groups: the survivor holds the memberships, one per group; the shared one kept the survivor's row, widened to
    // both.
    const direct = await db
      .selectFrom('group_memberships')
      .select(['id', 'group_id', 'member_person_id', 'enabled_from', 'disabled_at'])
      .where('member_person_id', 'in', [loser, survivor])
      .orderBy('id')
      .execute();
    expect(direct.map((m) => [Number(m.id), Number(m.group_id), Number(m.member_person_id)])).toEqual([
      [teamMembership.id, team.id, survivor],
      [survivorsShared.id, shared.id, survivor],
    ]);
    const kept = direct.find((m) => Number(m.id) === survivorsShared.id)!;
    // The survivor's was open from the start and ended 2026-12-01; the loser's ran to 2027-06-01: the kept row spans
    // both.
    expect([kept.enabled_from, kept.disabled_at?.toISOString()]).toEqual([null, '2027-06-01T00:00:00.000Z']);
    expect(await g.effectiveIds(team.id)).toEqual([survivor]);
    expect(await g.effectiveIds(outer.id)).toEqual([survivor]);
    expect(await g.effectiveIds(shared.id)).toEqual([survivor]);
    const privileges = await db
      .selectFrom('group_privileges')
      .select(['id', 'privilege', 'subject_person_id'])
      .where('subject_person_id', 'in', [loser, survivor])
      .orderBy('id')
      .execute();
    expect(privileges.map((p) => [Number(p.id), p.privilege, Number(p.subject_person_id)])).toEqual([
      [optOut.id, 'optout', survivor],
      [survivorsRead.id, 'read', survivor],
    ]);
    const history = await db
      .selectFrom('group_history')
      .select(['group_id', 'event'])
      .where('event', 'in', ['member-merged', 'privilege-merged'])
      .orderBy('id')
      .execute();
    expect(history.map((h) => `${Number(h.group_id)}:${h.event}`)).toEqual([
      `${team.id}:member-merged`,
      `${shared.id}:member-merged`,
      `${team.id}:privilege-merged`,
    ]);

    // Access: the loser's assignments name the survivor, the exact duplicate is gone; checks follow within a second.
    const assignments = await db
      .selectFrom('access_assignments')
      .select(['id', 'subject_id'])
      .where('subject_type', '=', 'person')
      .where('subject_id', 'in', [loser, survivor])
      .orderBy('id')
      .execute();
    expect(assignments.map((a) => [Number(a.id), Number(a.subject_id)])).toEqual([
      [losersEditor.id, survivor],
      [survivorsReader.id, survivor],
    ]);
    await expect
      .poll(() => decision(t, survivor, 'wiki', 'EDIT', 'space', uni), { timeout: 60_000, interval: 50 })
      .toBe('allow');
    await expect
      .poll(() => decision(t, survivor, 'wiki', 'COMMENT', 'space'), { timeout: 60_000, interval: 50 })
      .toBe('allow');
    expect(await decision(t, survivor, 'wiki', 'READ', 'space')).toBe('allow');
    for (const action of ['EDIT', 'READ', 'COMMENT'])
      expect(await decision(t, loser, 'wiki', action, 'space', uni)).toBe('deny');

    // Loans: the survivor is the borrower; the name signed at the desk stays.
    const loan = await db
      .selectFrom('temp_loans')
      .select(['borrower_person_id', 'borrower_name', 'version'])
      .where('id', '=', lent.loan.id)
      .executeTakeFirstOrThrow();
    expect([Number(loan.borrower_person_id), loan.borrower_name, loan.version]).toEqual([
      survivor,
      'Sammy at the front desk',
      lent.loan.version + 1,
    ]);

    // The tombstone holds nothing.
    expect(
      await db.selectFrom('group_memberships').select('id').where('member_person_id', '=', loser).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom('group_effective_members').select('group_id').where('person_id', '=', loser).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom('group_privileges').select('id').where('subject_person_id', '=', loser).execute(),
    ).toEqual([]);
    expect(
      await db
        .selectFrom('access_assignments')
        .select('id')
        .where('subject_type', '=', 'person')
        .where('subject_id', '=', loser)
        .execute(),
    ).toEqual([]);
    expect(await db.selectFrom('temp_loans').select('id').where('borrower_person_id', '=', loser).execute()).toEqual(
      [],
    );

    // The audit lists what the survivor took.
    const audit = await db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'person.merge')
      .where('target_id', '=', String(survivor))
      .executeTakeFirstOrThrow();
    const took = (audit.after as { took: Record<string, unknown> }).took;
    expect(took.groups).toMatchObject({
      memberships: [teamMembership.id],
      folded: [{ absorbed: losersShared.id, kept: survivorsShared.id }],
      privileges: [optOut.id],
      droppedPrivileges: [losersRead.id],
    });
    expect(took.access).toEqual({ moved: [losersEditor.id], dropped: [losersReader.id] });
    expect(took.loans).toEqual([lent.loan.id]);

    // The change log has the entries the followers act on.
    const changes = await db
      .selectFrom('change_log')
      .select(['entity_type', 'entity_id', 'op', 'data'])
      .where('position', '>', since)
      .orderBy('position')
      .execute();
    const of = (type: string) => changes.filter((c) => c.entity_type === type);
    const effective = new Map(
      of('group_effective').map((c) => [
        Number(c.entity_id),
        (c.data as { personIds: number[] }).personIds.map(Number).sort((a, b) => a - b),
      ]),
    );
    expect(effective.get(team.id)).toEqual([loser, survivor].sort((a, b) => a - b));
    expect(effective.get(outer.id)).toEqual([loser, survivor].sort((a, b) => a - b));
    expect(effective.get(shared.id)).toEqual([loser, survivor].sort((a, b) => a - b));
    expect(
      of('access_assignment')
        .map((c) => `${Number(c.entity_id)}:${c.op}`)
        .sort(),
    ).toEqual([`${losersEditor.id}:updated`, `${losersReader.id}:deleted`].sort());
    expect(ids(of('temp_loan').map((c) => ({ id: c.entity_id })))).toEqual([lent.loan.id]);
  });

  it('a merge of two people with nothing in groups, roles or loans takes nothing there', async () => {
    const a = await person(t, 'Ann');
    const b = await person(t, 'Anne');
    const r = await mergeInto(a, b);
    expect(r.statusCode, r.body).toBe(200);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'person.merge')
      .where('target_id', '=', String(a))
      .executeTakeFirstOrThrow();
    expect((audit.after as { took: Record<string, unknown> }).took).toMatchObject({
      groups: { memberships: [], folded: [], privileges: [], droppedPrivileges: [], recomputed: 0 },
      access: { moved: [], dropped: [] },
      loans: [],
    });
  });
});
