import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAll } from '../../src/groups/effective-engine.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { StewardError } from '../../src/platform/errors.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const actor = systemActor('test');

describe('effective memberships kept incrementally equal a full rebuild', () => {
  let t: TestApp;
  let people: number[];
  beforeAll(async () => {
    t = await makeTestApp();
    const now = t.clock.now();
    people = [];
    for (let i = 0; i < 8; i += 1) {
      const r = await t
        .db()
        .insertInto('people')
        .values({
          given_name: `R${i}`,
          family_name: 'Random',
          search_name: `r${i} random`,
          emails: '[]',
          phones: '[]',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      people.push(Number(r.id));
    }
  });
  afterAll(() => t.close());

  /** The stored rows and the rebuilt ones in one comparable form. */
  async function compare(): Promise<{ stored: string[]; rebuilt: string[] }> {
    const rows = await t.db().selectFrom('group_effective_members').selectAll().execute();
    const stored = rows
      .map(
        (r) =>
          `${r.group_id}/${r.person_id}/${r.valid_from?.getTime() ?? '-'}/${r.valid_until?.getTime() ?? '-'}/${r.membership_id ?? '-'}/${r.path.join('.')}`,
      )
      .sort();
    const rebuilt: string[] = [];
    for (const [g, members] of await computeAll(t.db())) {
      for (const [p, spans] of members)
        for (const s of spans)
          rebuilt.push(
            `${g}/${p}/${s.from ?? '-'}/${s.until ?? '-'}/${s.why.membershipId ?? '-'}/${s.why.path.join('.')}`,
          );
    }
    return { stored, rebuilt: rebuilt.sort() };
  }

  it('on many seeded random graphs with dates, nesting and composites', async () => {
    const svc = t.app.groups;
    const base = t.clock.now().getTime();
    const at = (r: () => number) =>
      r() < 0.35 ? null : new Date(base + Math.floor(r() * 30) * 86_400_000).toISOString();
    let checked = 0;
    for (let seed = 1; seed <= 8; seed += 1) {
      const r = rng(seed);
      const folder = await svc.folders.create(actor, { extension: `seed${seed}` });
      const groups: number[] = [];
      const memberships: Array<{ groupId: number; id: number; version: number }> = [];
      for (let step = 0; step < 45; step += 1) {
        const roll = r();
        try {
          if (groups.length < 3 || roll < 0.15) {
            const composite = groups.length >= 2 && r() < 0.35;
            const left = groups[Math.floor(r() * groups.length)];
            const right = groups.filter((g) => g !== left)[Math.floor(r() * (groups.length - 1))];
            const op = (['union', 'intersection', 'complement'] as const)[Math.floor(r() * 3)];
            const g = await svc.groups.create(actor, {
              folderId: folder.id,
              extension: `g${step}`,
              ...(composite ? { composite: { op, leftId: left, rightId: right } } : {}),
            });
            groups.push(g.id);
          } else if (roll < 0.6) {
            const groupId = groups[Math.floor(r() * groups.length)];
            const member =
              r() < 0.3
                ? { groupId: groups[Math.floor(r() * groups.length)] }
                : { personId: people[Math.floor(r() * people.length)] };
            let enabledFrom = at(r);
            const disabledAt = at(r);
            if (enabledFrom && disabledAt && enabledFrom >= disabledAt) enabledFrom = null;
            const m = await svc.members.add(actor, groupId, { ...member, enabledFrom, disabledAt });
            memberships.push({ groupId, id: m.id, version: m.version });
          } else if (roll < 0.8 && memberships.length) {
            const m = memberships[Math.floor(r() * memberships.length)];
            const updated = await svc.members.update(actor, m.groupId, m.id, m.version, {
              disabledAt: at(r),
              enabledFrom: null,
            });
            m.version = updated.version;
          } else if (memberships.length) {
            const i = Math.floor(r() * memberships.length);
            const [m] = memberships.splice(i, 1);
            await svc.members.remove(actor, m.groupId, m.id, null);
          }
        } catch (e) {
          // refusals (cycles, duplicates, a composite's direct members, an operand twice) change nothing and are part
          // of the test
          if (!(e instanceof StewardError) || !['conflict', 'validation'].includes(e.code)) throw e;
        }
      }
      const { stored, rebuilt } = await compare();
      expect(stored, `seed ${seed}`).toEqual(rebuilt);
      checked += stored.length;
    }
    expect(checked).toBeGreaterThan(100);
    const result = await svc.effective.rebuildAll(actor);
    expect(result.groupsChanged).toBe(0);
  }, 300_000);
});
