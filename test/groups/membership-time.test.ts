import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/demo/random.ts';
import { countsAtSql } from '../../src/groups/effective-members.ts';
import { privilegesOf } from '../../src/groups/group-access.ts';
import { membershipCountsAt, type Validity } from '../../src/groups/membership-time.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';

const HOUR = 3_600_000;
const actor = systemActor('test');
const byId = (a: number, b: number) => a - b;

/**
 * The SQL that decides who is a member at a moment (`countsAtSql`: the effective-members
 * read and the privileges held through a group) against the pure rule (membership-time.ts):
 * on seeded random validity intervals, open or bounded on either side, at moments on,
 * just before and just after their bounds, the SQL counts exactly the rows the rule counts.
 */
describe(`who counts at a moment: the SQL agrees with the rule (${storageKind})`, () => {
  let t: TestApp;
  let groupId: number;
  let folderId: number;
  let base: number;
  const rows: Array<Validity & { personId: number }> = [];

  beforeAll(async () => {
    t = await makeTestApp();
    const random = new Random(23);
    base = t.clock.now().getTime();
    const folder = await t.app.groups.folders.create(actor, { extension: 'timing' });
    folderId = folder.id;
    groupId = (await t.app.groups.groups.create(actor, { folderId, extension: 'holders' })).id;
    const bound = () => (random.chance(0.25) ? null : new Date(base + random.int(-5, 5) * HOUR));
    for (let i = 0; i < 60; i += 1) {
      const now = new Date(base);
      const person = await t
        .db()
        .insertInto('people')
        .values({
          given_name: `T${i}`,
          family_name: 'Timing',
          search_name: `t${i} timing`,
          emails: '[]',
          phones: '[]',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let from = bound();
      let until = bound();
      if (from && until && from.getTime() >= until.getTime()) [from, until] = [until, from];
      if (from && until && from.getTime() === until.getTime()) until = new Date(until.getTime() + HOUR);
      rows.push({ personId: person.id, from, until });
    }
    // stored effective rows of one group, as the engine writes them
    await sql`insert into group_effective_members (group_id, person_id, valid_from, valid_until, membership_id, path)
      select ${groupId}::bigint, x.person_id, x.valid_from, x.valid_until, null, '{}'::bigint[]
      from unnest(${rows.map((r) => r.personId)}::bigint[], ${rows.map((r) => r.from?.toISOString() ?? null)}::timestamptz[],
                  ${rows.map((r) => r.until?.toISOString() ?? null)}::timestamptz[]) as x(person_id, valid_from, valid_until)`.execute(
      t.db(),
    );
    // the group's members hold `read` on the folder
    await t
      .db()
      .insertInto('group_privileges')
      .values({
        folder_id: folderId,
        group_id: null,
        privilege: 'read',
        subject_person_id: null,
        subject_group_id: groupId,
        granted_by: 'test',
        granted_at: new Date(base),
      })
      .execute();
  });
  afterAll(() => t.close());

  const moments = () => {
    const out: Date[] = [];
    for (let h = -6; h <= 6; h += 1) for (const d of [-1, 0, 1]) out.push(new Date(base + h * HOUR + d));
    return out;
  };
  const pure = (at: Date) =>
    rows
      .filter((r) => membershipCountsAt(r, at))
      .map((r) => r.personId)
      .sort(byId);

  it('the stored effective rows counted at each moment', async () => {
    let counted = 0;
    for (const at of moments()) {
      const found = await t
        .db()
        .selectFrom('group_effective_members as e')
        .select('e.person_id')
        .where('e.group_id', '=', groupId)
        .where(countsAtSql('e', at))
        .execute();
      expect(found.map((r) => r.person_id).sort(byId), at.toISOString()).toEqual(pure(at));
      counted += pure(at).length;
    }
    expect(counted).toBeGreaterThan(0);
    expect(pure(new Date(base)).length).toBeLessThan(rows.length);
  });

  it('the effective members the API lists at a moment', async () => {
    // Seen from before every moment, so the stored rows answer (a past moment is answered from the history of versions,
    // test/groups/history.test.ts).
    t.clock.set(new Date(base - 7 * HOUR));
    for (const at of moments().filter((_, i) => i % 3 === 1)) {
      const listed = await t.app.groups.effective.listEffective(actor, groupId, { at: at.toISOString() });
      expect(listed.map((r) => r.personId).sort(byId), at.toISOString()).toEqual(pure(at));
    }
    t.clock.set(new Date(base));
  });

  it('the privileges held through the group at a moment', async () => {
    for (const at of moments().filter((_, i) => i % 3 !== 1)) {
      const holders: number[] = [];
      for (const r of rows)
        if ((await privilegesOf(t.db(), r.personId, { folderId }, at)).has('read')) holders.push(r.personId);
      expect(holders.sort(byId), at.toISOString()).toEqual(pure(at));
    }
  });
});
