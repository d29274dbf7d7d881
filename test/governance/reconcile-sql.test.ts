import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentFacts } from '../../src/governance/facts-store.ts';
import { classifyChange, type GraceChecks } from '../../src/governance/grace-rules.ts';
import { findChanged, governedCounts, gracePolicies } from '../../src/governance/reconcile-sql.ts';
import type { ChangeKind, EligibilityFacts } from '../../src/platform/db/governance-tables.ts';
import { sql } from 'kysely';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addType } from '../status/world.ts';
import { graceWorld, system } from './grace-fixture.ts';

/**
 * The grace rule in bulk SQL against the pure rule, on random cases: random people with
 * random employment (department, title, other affiliation kinds, ended ones), statuses
 * (current and ended), supporting memberships (current and expired), random stored facts
 * and running graces, under random policy checks. For every governed membership the SQL's
 * answer (changed or not, and the kind) must be the pure rule's on today's facts as the facts
 * store reads them.
 */
let t: TestApp;
const NOW = new Date('2026-11-02T10:00:00Z');

let seed = 20_261_102;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => random() < 0.4);

beforeAll(async () => {
  t = await makeTestApp({ start: NOW.toISOString() });
});
afterAll(() => t.close());

describe('reconcile SQL against the pure rule', () => {
  it('finds exactly the memberships whose stored facts differ from today’s, with the same kind', async () => {
    const w = graceWorld(t);
    const depts = ['D1', 'D2', 'D3'];
    const orgIds: number[] = [];
    for (const d of depts) orgIds.push(await w.org(d));
    const statuses = ['S1', 'S2', 'S3'];
    const typeIds = [];
    for (const [i, name] of statuses.entries())
      typeIds.push((await addType(t, { name, rank: 100 * (i + 1), match: { kinds: [`k${i}`] } })).id);
    const supporting = [await w.group('g1'), await w.group('g2')];
    const titles = ['A', 'B', null];
    const db = t.db();

    const people: number[] = [];
    for (let i = 0; i < 70; i += 1) {
      const id = (await w.person({ family: `Rand${i}`, email: false })).id;
      people.push(id);
      const affiliations = [];
      if (random() < 0.8)
        affiliations.push({
          kind: 'employee',
          org: pick(orgIds),
          title: pick(titles),
          from: pick([null, '2020-01-01']),
          to: null,
        });
      if (random() < 0.3)
        affiliations.push({
          kind: pick(['faculty', 'student']),
          org: pick(orgIds),
          title: pick(titles),
          from: '2021-05-01',
          to: null,
        });
      if (random() < 0.2)
        affiliations.push({ kind: 'employee', org: pick(orgIds), title: 'Old', from: '2019-01-01', to: '2026-10-31' });
      for (const a of affiliations)
        await db
          .insertInto('affiliations')
          .values({
            person_id: id,
            org_id: a.org,
            kind: a.kind,
            title: a.title,
            source: 'hr',
            codes: [],
            attributes: '{}',
            valid_from: a.from,
            valid_to: a.to,
            created_at: NOW,
            updated_at: NOW,
          })
          .execute();
      for (const typeId of subset(typeIds))
        await db
          .insertInto('person_statuses')
          .values({
            person_id: id,
            status_type_id: typeId,
            start_date: '2020-01-01',
            end_date: random() < 0.2 ? '2026-11-01' : null,
            because: '[]',
            created_at: NOW,
            updated_at: NOW,
          })
          .execute();
      for (const g of subset(supporting))
        await db
          .insertInto('group_effective_members')
          .values({
            group_id: g,
            person_id: id,
            valid_from: null,
            valid_until: random() < 0.2 ? new Date('2026-11-01T00:00:00Z') : null,
            membership_id: null,
            path: [g],
          })
          .execute();
    }

    const checksOf = (): Record<string, unknown> => ({
      requiredStatuses: subset(statuses),
      supportingGroupIds: subset(supporting),
      ...(random() < 0.3
        ? { employmentKinds: ['employee', 'faculty'] }
        : random() < 0.5
          ? { employmentKinds: ['employee'] }
          : {}),
    });
    const kinds: (ChangeKind | null)[] = [null, null, null, 'job', 'department', 'leaving', 'requirement'];
    for (let p = 0; p < 4; p += 1) {
      const group = await w.group(`governed${p}`);
      const policy = await w.policy(group, { level: pick(['high', 'medium'] as const), checks: checksOf() });
      for (const personId of people) {
        const m = await write({ db, clock: t.clock }, system, (uow) =>
          t.app.groups.members.insertApproved(uow, group, { personId }),
        );
        const stored: EligibilityFacts = {
          statuses: subset(statuses),
          department: pick([...depts, null]),
          title: pick(titles),
          supporting: subset(supporting),
        };
        const graceKind = pick(kinds);
        await db
          .insertInto('membership_facts')
          .values({
            membership_id: m.id,
            policy_id: policy,
            group_id: group,
            person_id: personId,
            facts: JSON.stringify(stored),
            recorded_at: NOW,
            recorded_by: 'test',
            grace_kind: graceKind,
            grace_ends_at: graceKind ? new Date('2026-12-01T00:00:00Z') : null,
          })
          .execute();
      }
    }

    const policies = await gracePolicies(db);
    let changed = 0;
    let compared = 0;
    const seenKinds = new Set<string>();
    for (const policy of policies.values()) {
      const found = new Map((await findChanged(db, policy, NOW, { all: true })).map((c) => [c.membershipId, c]));
      const rows = await db.selectFrom('membership_facts').selectAll().where('policy_id', '=', policy.id).execute();
      const today = await currentFacts(db, people, {
        now: NOW,
        supportingGroupIds: policy.checks.supportingGroupIds,
        ...(policy.checks.employmentKinds ? { employmentKinds: policy.checks.employmentKinds } : {}),
      });
      for (const r of rows) {
        const kind =
          classifyChange(r.facts as EligibilityFacts, today.get(r.person_id)!, policy.checks as GraceChecks)?.kind ??
          null;
        const expected = kind !== r.grace_kind;
        const got = found.get(r.membership_id);
        expect({ membership: r.membership_id, found: got !== undefined, kind: got?.kind ?? null }).toEqual({
          membership: r.membership_id,
          found: expected,
          kind: expected ? kind : null,
        });
        if (got) {
          const t0 = today.get(r.person_id)!;
          expect(got.today).toEqual({
            ...t0,
            statuses: policy.checks.requiredStatuses.length ? t0.statuses : [],
            supporting: policy.checks.supportingGroupIds.length ? t0.supporting : [],
          });
        }
        compared += 1;
        if (kind) changed += 1;
        if (kind) seenKinds.add(kind);
      }
      // an incremental scope finds the same for the people it names, and nobody else
      const some = people.filter(() => random() < 0.3);
      const scoped = await findChanged(db, policy, NOW, { personIds: some, releasedHolds: [] });
      expect(scoped.map((c) => c.membershipId)).toEqual(
        [...found.values()].filter((c) => some.includes(c.personId)).map((c) => c.membershipId),
      );
    }
    expect(compared).toBe(4 * 70);
    // the random cases cover every kind and the unchanged
    expect(changed).toBeGreaterThan(40);
    expect(compared - changed).toBeGreaterThan(20);
    expect([...seenKinds].sort()).toEqual(['department', 'job', 'leaving', 'requirement']);
  });

  it('counts the governed members of each group that have not ended, as the plain join counts them', async () => {
    // the memberships of the test above: some ended before now, some end at now, some end later, one group all ended
    const db = t.db();
    const rows = await db
      .selectFrom('membership_facts')
      .select(['membership_id', 'group_id'])
      .orderBy('membership_id')
      .execute();
    const groups = [...new Set(rows.map((r) => r.group_id))];
    expect(groups.length).toBe(4);
    const ends = [new Date('2026-10-01T00:00:00Z'), NOW, new Date('2026-12-01T00:00:00Z'), null];
    for (const [i, r] of rows.entries()) {
      const end = r.group_id === groups[3] ? ends[i % 2] : pick(ends);
      await db.updateTable('group_memberships').set({ disabled_at: end }).where('id', '=', r.membership_id).execute();
    }
    const { rows: plain } = await sql<{ group_id: number; n: number }>`
      select mf.group_id, count(*)::int as n from membership_facts mf join group_memberships gm on gm.id = mf.membership_id
      where mf.group_id = any(${groups}::bigint[]) and (gm.disabled_at is null or gm.disabled_at > ${NOW}) group by mf.group_id`.execute(
      db,
    );
    const expected = new Map(plain.map((r) => [Number(r.group_id), r.n]));
    expect(expected.size).toBe(3);
    expect(await governedCounts(db, groups, NOW)).toEqual(expected);
  });
});
