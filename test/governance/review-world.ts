import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { currentFacts } from '../../src/governance/facts-store.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';
import { insertPolicy } from './policy-row.ts';

/**
 * A small institution for the access review tests: a university with two faculties (Science: Physics, Chemistry;
 * Arts: History), a status type for employees, the application `payroll` with two access levels (roles clerk and
 * approver held by two groups, a temps group nested in the clerks), and helpers to add people (with an employment,
 * a title and a mail address), accounts linked to them, memberships with the facts at grant, and API calls.
 */
export interface ReviewWorld {
  t: TestApp;
  org: { uni: number; sci: number; phy: number; chem: number; art: number; hist: number };
  groups: { clerks: number; approvers: number; temps: number; empty: number };
  appId: number;
  policyId: number;
  person(name: string, orgId: number, title?: string): Promise<{ id: number; affiliationId: number }>;
  /** People by name, each employed in the unit given (in this order), with the same title: their ids by name. */
  people<K extends string>(units: Record<K, number>, title?: string): Promise<Record<K, number>>;
  account(username: string, personId: number): Promise<string>;
  /** A direct membership (as the administrator), with the facts at grant stored as the policies' code will. */
  grant(
    groupId: number,
    personId: number,
    opts?: { ticket?: string; reason?: string; facts?: boolean },
  ): Promise<number>;
  ok<T = unknown>(token: string, options: InjectOptions, status?: number): Promise<T>;
  /** When each membership ends (its `disabled_at` as ISO text, null for none), by membership id. */
  endsOf(membershipIds: number[]): Promise<Record<number, string | null>>;
}

let folderSerial = 0;

const unit = (t: TestApp, code: string, kind: string, parent: number | null) =>
  addOrg(t, code, parent, { kind, label: kind, name: code });

export async function makeReviewWorld(existing?: TestApp): Promise<ReviewWorld> {
  const t = existing ?? (await makeTestApp({ start: '2026-09-01T09:00:00Z' }));
  const db = t.db();
  const now = t.clock.now();
  const suffix = ++folderSerial;
  const uni = await unit(t, `UNI${suffix}`, 'university', null);
  const sci = await unit(t, `SCI${suffix}`, 'faculty', uni);
  const phy = await unit(t, `PHY${suffix}`, 'department', sci);
  const chem = await unit(t, `CHEM${suffix}`, 'department', sci);
  const art = await unit(t, `ART${suffix}`, 'faculty', uni);
  const hist = await unit(t, `HIST${suffix}`, 'department', art);
  if (!(await db.selectFrom('status_types').select('id').where('name', '=', 'Employee').executeTakeFirst()))
    await addType(t, { name: 'Employee', rank: 10, match: { kinds: ['employee'] } });
  const ok = async <T>(token: string, options: InjectOptions, status = 200): Promise<T> => {
    const r = await t.call(token, options);
    expect(r.statusCode, `${options.method} ${options.url}: ${r.body}`).toBe(status);
    return (r.statusCode === 204 ? null : r.json()) as T;
  };
  const admin = t.tokens.admin;
  const folder = await ok<{ id: number }>(
    admin,
    { method: 'POST', url: '/folders', payload: { extension: `apps${suffix}` } },
    201,
  );
  const group = async (extension: string) =>
    (
      await ok<{ id: number }>(
        admin,
        { method: 'POST', url: '/groups', payload: { folderId: folder.id, extension } },
        201,
      )
    ).id;
  const groups = {
    clerks: await group('payroll-clerks'),
    approvers: await group('payroll-approvers'),
    temps: await group('payroll-temps'),
    empty: await group('empty'),
  };
  await ok(admin, { method: 'POST', url: `/groups/${groups.clerks}/members`, payload: { groupId: groups.temps } }, 201);
  const app = await db
    .insertInto('access_applications')
    .values({ name: `payroll${suffix}`, label: 'Payroll', implications: '{}', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [role, groupId] of [
    ['clerk', groups.clerks],
    ['approver', groups.approvers],
  ] as const) {
    const r = await db
      .insertInto('access_roles')
      .values({ application_id: app.id, name: role, label: role, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('access_assignments')
      .values({
        role_id: r.id,
        subject_type: 'group',
        subject_id: groupId,
        scope_kind: 'everywhere',
        limits: '[]',
        created_by: 'test',
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const policy = { id: await insertPolicy(t, { name: `payroll-clerks-${suffix}`, group_id: groups.clerks }) };
  let n = 0;
  const world: ReviewWorld = {
    t,
    org: { uni, sci, phy, chem, art, hist },
    groups,
    appId: app.id,
    policyId: policy.id,
    async person(name, orgId, title) {
      n += 1;
      const p = await createPerson(t, {
        givenName: name,
        familyName: `Review${suffix}x${n}`,
        emails: [{ address: `${name.toLowerCase()}${suffix}x${n}@uni.example` }],
        affiliation: { orgId, kind: 'employee', title: title ?? null },
      });
      const aff = await db
        .selectFrom('affiliations')
        .select('id')
        .where('person_id', '=', p.id)
        .executeTakeFirstOrThrow();
      return { id: p.id, affiliationId: aff.id };
    },
    async people(units, title) {
      const ids = {} as Record<keyof typeof units, number>;
      for (const [name, orgId] of Object.entries(units) as [keyof typeof units, number][])
        ids[name] = (await world.person(name, orgId, title)).id;
      return ids;
    },
    async account(username, personId) {
      const token = await t.tokenFor(`${username}${suffix}`, []);
      await db
        .updateTable('users')
        .set({ person_id: personId })
        .where('username', '=', `${username}${suffix}`)
        .execute();
      return token;
    },
    async grant(groupId, personId, opts = {}) {
      const m = await ok<{ id: number }>(
        admin,
        {
          method: 'POST',
          url: `/groups/${groupId}/members`,
          payload: { personId, ticket: opts.ticket, reason: opts.reason, approvedBy: 'approver-anna' },
        },
        201,
      );
      if (opts.facts !== false) {
        const facts = (await currentFacts(db, [personId], { now: t.clock.now() })).get(personId)!;
        await db
          .insertInto('membership_facts')
          .values({
            membership_id: m.id,
            policy_id: policy.id,
            group_id: groupId,
            person_id: personId,
            facts: JSON.stringify(facts),
            recorded_at: t.clock.now(),
            recorded_by: 'root',
            approved_at: t.clock.now(),
            approved_by: 'approver-anna',
          })
          // a governed group's direct add has recorded the facts already: these say who approved it
          .onConflict((oc) =>
            oc.column('membership_id').doUpdateSet({ approved_at: t.clock.now(), approved_by: 'approver-anna' }),
          )
          .execute();
      } else await db.deleteFrom('membership_facts').where('membership_id', '=', m.id).execute();
      return m.id;
    },
    ok,
    async endsOf(membershipIds) {
      const rows = await db
        .selectFrom('group_memberships')
        .select(['id', 'disabled_at'])
        .where('id', 'in', membershipIds)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.id, r.disabled_at?.toISOString() ?? null]));
    },
  };
  return world;
}
