import { expect } from 'vitest';
import { currentFacts } from '../../src/governance/facts-store.ts';
import { graceChecksOf } from '../../src/governance/grace-rules.ts';
import type { ReconcileReport } from '../../src/governance/reconcile-service.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import type { SecurityLevel } from '../../src/platform/db/governance-tables.ts';
import type { TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { insertPolicy } from './policy-row.ts';

/**
 * A small governed world for the grace tests: departments with managers (approver officers),
 * people employed through the affiliations API (so the change log and statuses follow),
 * basic groups, governance policies written as rows, and governed memberships — the group
 * membership inserted as an approved one (no add checks) and the `membership_facts` row with
 * today's facts, as at grant.
 */
export const system = systemActor('test');

export function graceWorld(t: TestApp) {
  let n = 0;
  let folderId: number | null = null;
  const admin = t.tokens.admin;

  async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = {}) {
    const r = await t.call(admin, { method, url, payload: payload as never, headers });
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
    return r.json();
  }

  async function person(opts: { family: string; email?: boolean; orgId?: number; title?: string; kind?: string }) {
    n += 1;
    const p = await createPerson(t, {
      givenName: `Pat${n}`,
      familyName: opts.family,
      ...(opts.email === false ? {} : { emails: [{ address: `${opts.family.toLowerCase()}${n}@uni.example` }] }),
    });
    let affiliationId: number | null = null;
    if (opts.orgId !== undefined) {
      const a = await ok('POST', `/people/${p.id}/affiliations`, {
        orgId: opts.orgId,
        kind: opts.kind ?? 'employee',
        title: opts.title ?? null,
        validFrom: '2020-01-01',
      });
      affiliationId = a.id;
    }
    return { id: p.id, affiliationId };
  }

  /** Changes an affiliation through the API (If-Match read first), as HR would: change log and statuses follow. */
  async function changeAffiliation(personId: number, affiliationId: number, patch: Record<string, unknown>) {
    const list = (await ok('GET', `/people/${personId}/affiliations`)) as { id: number; version: number }[];
    const a = list.find((x) => x.id === affiliationId)!;
    return ok('PATCH', `/people/${personId}/affiliations/${affiliationId}`, patch, { 'if-match': `"${a.version}"` });
  }

  async function addAffiliation(personId: number, body: Record<string, unknown>): Promise<number> {
    return (await ok('POST', `/people/${personId}/affiliations`, { kind: 'employee', ...body })).id;
  }

  async function manager(orgId: number, personId: number): Promise<void> {
    await t
      .db()
      .insertInto('org_officers')
      .values({
        org_id: orgId,
        person_id: personId,
        function: 'approver',
        role_name: 'Manager',
        created_at: t.clock.now(),
      })
      .execute();
  }

  async function group(extension: string): Promise<number> {
    const g = t.app.groups;
    if (folderId === null) folderId = (await g.folders.create(system, { extension: `gov${Date.now() % 100000}` })).id;
    return (await g.groups.create(system, { folderId, extension })).id;
  }

  async function policy(
    groupId: number,
    opts: {
      level: SecurityLevel;
      grace?: Record<string, number>;
      checks?: Record<string, unknown>;
      ownerPersonId?: number | null;
      massLossPercent?: number;
    },
  ): Promise<number> {
    const grace =
      opts.grace ??
      (opts.level === 'high' ? { job: 14, department: 5, leaving: 0 } : { job: 30, department: 30, leaving: 0 });
    return insertPolicy(t, {
      name: `policy-${groupId}`,
      group_id: groupId,
      security_level: opts.level,
      grace: JSON.stringify({ requirement: 5, ...grace }),
      checks: JSON.stringify(opts.checks ?? {}),
      owner_person_id: opts.ownerPersonId ?? null,
      mass_loss_percent: opts.massLossPercent ?? 20,
    });
  }

  /** A governed membership: added through the membership service, its facts stored as at grant (today's). */
  async function govern(groupId: number, policyId: number, personId: number, disabledAt?: string): Promise<number> {
    // Without the add checks: a grant's facts are what they were, whatever today's policy asks.
    const m = await write({ db: t.db(), clock: t.clock }, system, (uow) =>
      t.app.groups.members.insertApproved(uow, groupId, {
        personId,
        reason: 'ticket 42',
        ...(disabledAt ? { disabledAt } : {}),
      }),
    );
    const p = await t
      .db()
      .selectFrom('governance_policies')
      .select('checks')
      .where('id', '=', policyId)
      .executeTakeFirstOrThrow();
    const checks = graceChecksOf(p.checks as Record<string, unknown>);
    const facts = (
      await currentFacts(t.db(), [personId], {
        now: t.clock.now(),
        supportingGroupIds: checks.supportingGroupIds,
        ...(checks.employmentKinds ? { employmentKinds: checks.employmentKinds } : {}),
      })
    ).get(personId)!;
    await t
      .db()
      .insertInto('membership_facts')
      .values({
        membership_id: m.id,
        policy_id: policyId,
        group_id: groupId,
        person_id: personId,
        facts: JSON.stringify(facts),
        recorded_at: t.clock.now(),
        recorded_by: 'test',
        approved_at: t.clock.now(),
        approved_by: 'approver',
      })
      .execute();
    return m.id;
  }

  async function reconcile(mode: 'full' | 'incremental' = 'incremental'): Promise<ReconcileReport> {
    const r = await t.call(admin, { method: 'POST', url: '/governance/reconcile', payload: { mode } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  }

  async function membership(id: number) {
    return t.db().selectFrom('group_memberships').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function factsRow(id: number) {
    return t.db().selectFrom('membership_facts').selectAll().where('membership_id', '=', id).executeTakeFirstOrThrow();
  }

  /** Mail queued about a membership: event and recipient person. */
  async function mails(membershipId: number) {
    const rows = await t
      .db()
      .selectFrom('outbox')
      .select(['event', 'person_id', 'recipient', 'subject', 'text_body'])
      .where('dedupe_key', 'like', `governance:membership-${membershipId}:%`)
      .orderBy('id')
      .execute();
    return rows;
  }

  async function history(membershipId: number) {
    return t
      .db()
      .selectFrom('group_history')
      .select(['event', 'data'])
      .where('membership_id', '=', membershipId)
      .orderBy('id')
      .execute();
  }

  const day = 86_400_000;
  return {
    org: (code: string, parent: number | null = null) => addOrg(t, code, parent),
    person,
    changeAffiliation,
    addAffiliation,
    manager,
    group,
    policy,
    govern,
    reconcile,
    membership,
    factsRow,
    mails,
    history,
    /** Moves the clock by days. */
    days: (d: number) => t.clock.advanceDays(d),
    day,
  };
}
