import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { groupsApi } from './world.ts';

describe('rule groups: membership computed from registry facts, recomputed when they change', () => {
  let t: TestApp;
  let api: ReturnType<typeof groupsApi>;
  let folder: number;
  let faculty: number;
  let dept: number;
  let other: number;
  beforeAll(async () => {
    t = await makeTestApp();
    api = groupsApi(t);
    folder = (await api.folder('auto')).id;
    faculty = await addOrg(t, 'SCI');
    dept = await addOrg(t, 'PHYS', faculty);
    other = await addOrg(t, 'ARTS');
  });
  afterAll(() => t.close());

  it('selects the people affiliated in an org subtree, with the affiliation dates, and follows changes through the change log', async () => {
    const inDept = await api.person('Physicist', { orgId: dept, kind: 'staff' });
    const elsewhere = await api.person('Artist', { orgId: other, kind: 'staff' });
    const sci = await api.group(folder, 'sci-staff', {
      rule: { all: [{ type: 'affiliation', orgCode: 'SCI', kinds: ['staff'] }] },
    });
    expect(await api.effectiveIds(sci.id)).toEqual([inDept]);
    const rows = await api.effective(sci.id);
    expect(rows[0].why).toMatchObject({ rule: true, membership: null, path: [{ id: sci.id, name: 'auto:sci-staff' }] });
    // the artist joins physics until 2026-09-30: after the job follows the change log, they are in, until that day ends
    const aff = await api.ok(
      {
        method: 'POST',
        url: `/people/${elsewhere}/affiliations`,
        payload: { orgId: dept, kind: 'staff', validTo: '2026-09-30' },
      },
      201,
    );
    expect(aff.id).toBeGreaterThan(0);
    expect(await api.effectiveIds(sci.id)).toEqual([inDept]);
    await t.app.schedule.tick(); // the scheduler meets its jobs; the next minute's slot is the first
    t.clock.advance(61_000);
    const run = await t.app.schedule.tick();
    expect(JSON.stringify(run)).toContain('group-rules');
    expect(await api.effectiveIds(sci.id)).toEqual([inDept, elsewhere].sort((a, b) => a - b));
    const all = await api.effective(sci.id, '?all=true');
    expect(all.find((r) => r.personId === elsewhere)!.validUntil).toBe('2026-10-01T00:00:00.000Z');
    t.clock.set('2026-10-01T00:00:01Z');
    expect(await api.effectiveIds(sci.id)).toEqual([inDept]);
    const logged = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('entity_type', '=', 'group_effective')
      .where('entity_id', '=', String(sci.id))
      .execute();
    expect(logged.map((c) => (c.data as { personIds: number[] }).personIds)).toEqual([[inDept], [elsewhere]]);
    // physics moves out of science: after the follower runs, its people leave the subtree's group
    const phys = await api.ok({ method: 'GET', url: `/orgs/${dept}` });
    await api.ok({
      method: 'POST',
      url: `/orgs/${dept}/move`,
      headers: { 'if-match': `"${phys.version}"` },
      payload: { parentId: other },
    });
    await api.ok({ method: 'POST', url: '/groups/rules/follow' });
    expect(await api.effectiveIds(sci.id)).toEqual([]);
    await api.ok({
      method: 'POST',
      url: `/orgs/${dept}/move`,
      headers: { 'if-match': `"${phys.version + 1}"` },
      payload: { parentId: faculty },
    });
    await api.ok({ method: 'POST', url: '/groups/rules/follow' });
    expect(await api.effectiveIds(sci.id)).toEqual([inDept]);
  });

  it('combines conditions, nests rule groups in basic groups, and refuses rules naming what does not exist', async () => {
    const a = await api.person('Holder', { orgId: dept, kind: 'student' });
    const b = await api.person('NoHolder', { orgId: dept, kind: 'student' });
    await api.ok(
      { method: 'POST', url: `/people/${a}/identifiers`, payload: { kind: 'library-card', value: `LC-${a}` } },
      201,
    );
    const readers = await api.group(folder, 'readers', {
      rule: {
        all: [
          { type: 'affiliation', orgCode: 'PHYS', kinds: ['student'] },
          { type: 'identifier', kind: 'library-card' },
        ],
      },
    });
    expect(await api.effectiveIds(readers.id)).toEqual([a]);
    const outer = await api.group(folder, 'outer');
    await api.add(outer.id, { groupId: readers.id });
    await api.ok(
      { method: 'POST', url: `/people/${b}/identifiers`, payload: { kind: 'library-card', value: `LC-${b}` } },
      201,
    );
    const followed = await api.ok({ method: 'POST', url: '/groups/rules/follow' });
    expect(followed.people).toBeGreaterThanOrEqual(1);
    expect(await api.effectiveIds(outer.id)).toEqual([a, b].sort((x, y) => x - y));
    const bad = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/groups',
      payload: { folderId: folder, extension: 'nowhere', rule: { all: [{ type: 'affiliation', orgCode: 'NOPE' }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/rule', rule: 'exists' });
    const empty = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/groups',
      payload: { folderId: folder, extension: 'empty', rule: { all: [] } },
    });
    expect(empty.json().errors[0]).toMatchObject({ field: '/rule/all', rule: 'required' });
    expect((await api.ok({ method: 'POST', url: '/groups/rebuild' })).groupsChanged).toBe(0);
  });

  it('selects holders of a status type over the status dates, and people by an affiliation attribute', async () => {
    const db = t.db();
    const now = t.clock.now();
    const faculty = await api.person('Professor');
    const emeritus = await api.person('Emeritus');
    const type = await db
      .insertInto('status_types')
      .values({
        name: 'Faculty',
        rank: 10,
        category: 'employee',
        card_label: null,
        directory: 'Y',
        description: '',
        match: JSON.stringify({ kinds: ['faculty'] }),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('person_statuses')
      .values([
        {
          person_id: faculty,
          status_type_id: type.id,
          start_date: '2026-01-01',
          end_date: null,
          bridged_to: null,
          because: '[]',
          created_at: now,
          updated_at: now,
        },
        {
          person_id: emeritus,
          status_type_id: type.id,
          start_date: '2020-01-01',
          end_date: '2026-12-31',
          bridged_to: null,
          because: '[]',
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
    const g = await api.group(folder, 'faculty', { rule: { all: [{ type: 'status', statusType: 'faculty' }] } });
    const rows = await api.effective(g.id, '?all=true');
    expect(rows.map((r) => [r.personId, r.validFrom, r.validUntil]).sort()).toEqual(
      [
        [faculty, '2026-01-01T00:00:00.000Z', null],
        [emeritus, '2020-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ].sort(),
    );
    const badStatus = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/groups',
      payload: { folderId: folder, extension: 'nostatus', rule: { all: [{ type: 'status', statusType: 'Wizard' }] } },
    });
    expect(badStatus.json().errors[0]).toMatchObject({ field: '/rule', rule: 'exists' });
    await db
      .insertInto('affiliations')
      .values({
        person_id: faculty,
        org_id: dept,
        kind: 'staff',
        attributes: JSON.stringify({ building: 'B12' }),
        created_at: now,
        updated_at: now,
      })
      .execute();
    const b12 = await api.group(folder, 'building-b12', {
      rule: { all: [{ type: 'attribute', name: 'building', value: 'B12' }] },
    });
    expect(await api.effectiveIds(b12.id)).toEqual([faculty]);
  });
});
