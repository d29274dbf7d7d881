import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsAt, loadEffectiveMembers } from '../../src/groups/effective-members.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

describe('the effective-membership contract read by the access decision point', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('loads the stored intervals, narrowed by group and person, and counts them half-open', async () => {
    const db = t.db();
    const now = t.clock.now();
    const folder = await db
      .insertInto('group_folders')
      .values({ extension: 'uni', name: 'uni', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const group = (ext: string) =>
      db
        .insertInto('groups')
        .values({
          folder_id: folder.id,
          extension: ext,
          name: `uni:${ext}`,
          kind: 'basic',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const a = await group('a');
    const b = await group('b');
    const person = () =>
      db
        .insertInto('people')
        .values({
          given_name: 'P',
          family_name: 'Q',
          search_name: 'p q',
          emails: '[]',
          phones: '[]',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const p1 = await person();
    const p2 = await person();
    const until = new Date('2026-09-08T09:00:00Z');
    await db
      .insertInto('group_effective_members')
      .values([
        { group_id: a.id, person_id: p1.id, valid_from: null, valid_until: until, membership_id: null, path: [a.id] },
        { group_id: b.id, person_id: p1.id, valid_from: null, valid_until: null, membership_id: null, path: [b.id] },
        { group_id: b.id, person_id: p2.id, valid_from: until, valid_until: null, membership_id: null, path: [b.id] },
      ])
      .execute();
    expect(await loadEffectiveMembers(db, { groupIds: [a.id] })).toEqual([
      { groupId: a.id, personId: p1.id, validFrom: null, validUntil: until },
    ]);
    expect((await loadEffectiveMembers(db, { personIds: [p2.id] })).map((r) => r.groupId)).toEqual([b.id]);
    expect(await loadEffectiveMembers(db)).toHaveLength(3);
    const [row] = await loadEffectiveMembers(db, { groupIds: [a.id] });
    expect(countsAt(row, new Date('2026-09-08T08:59:59Z'))).toBe(true);
    expect(countsAt(row, until)).toBe(false);
  });
});
