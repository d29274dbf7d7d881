import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addPolicy, expectStatus, governanceWorld, type GovernanceWorld } from './add-world.ts';

interface Outcome {
  check: string;
  passed: boolean;
  problems: Array<{ field: string; rule: string; message: string }>;
}

/** The failed checks of a dry run as `check: rule` lines. */
const failed = (checks: Outcome[]) =>
  checks.filter((c) => !c.passed).flatMap((c) => c.problems.map((p) => `${c.check}: ${p.rule}`));

describe('the dry run of a membership request: every check a submit would run, nothing written', () => {
  let t: TestApp;
  let w: GovernanceWorld;
  const check = (token: string, payload: Record<string, unknown>, status = 200) =>
    expectStatus(t, token, { method: 'POST', url: '/governance/requests/check', payload }, status);
  const written = async () => ({
    requests: (await t.db().selectFrom('membership_requests').select('id').execute()).length,
    audit: (await t.db().selectFrom('audit_log').select('seq').execute()).length,
  });

  beforeAll(async () => {
    t = await makeTestApp();
    w = await governanceWorld(t, 'CK');
    await addPolicy(t, {
      name: 'ck-approvals',
      groupId: w.groups.approve.id,
      stages: [{ approvers: [{ kind: 'manager' }] }],
      checks: { supportingGroupIds: [w.groups.staff.id] },
      maxDays: 90,
    });
  });
  afterAll(() => t.close());

  it('answers a failing check with its message, the same problem a submit refuses with, and writes nothing', async () => {
    const before = await written();
    const body = { groupId: w.groups.approve.id, personId: w.people.cy, reason: 'help out', days: 10 };
    const dry = await check(w.tokens.bo, body);
    expect(dry).toMatchObject({ groupId: w.groups.approve.id, group: 'ck:pay:approve', ok: false });
    expect(dry.policy.name).toBe('ck-approvals');
    expect(dry.checks.map((c: Outcome) => c.check)).toEqual([
      'request',
      'governed',
      'requester',
      'unique',
      'subject',
      'support',
      'expiry',
      'separation',
    ]);
    expect(failed(dry.checks)).toEqual(['support: supporting-group']);
    const support = dry.checks.find((c: Outcome) => c.check === 'support');
    expect(support.problems[0].message).toContain('Cy CKPerson');
    expect(await written()).toEqual(before);
    // the submit of the same body is refused with exactly those problems
    const refused = await t.call(w.tokens.bo, { method: 'POST', url: '/governance/requests', payload: body });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual(support.problems);
  });

  it('passes every check of a request a submit accepts, then finds the request waiting', async () => {
    const body = { groupId: w.groups.approve.id, personId: w.people.ann, ticket: 'FIN-9', days: 30 };
    const dry = await check(w.tokens.bo, body);
    expect(dry).toMatchObject({ ok: true, endsOn: '2026-10-01' });
    expect(dry.checks.every((c: Outcome) => c.passed && c.problems.length === 0)).toBe(true);
    await expectStatus(t, w.tokens.bo, { method: 'POST', url: '/governance/requests', payload: body }, 201);
    const again = await check(w.tokens.bo, body);
    expect(failed(again.checks)).toEqual(['unique: pending']);
  });

  it('shows the request’s own fields, the longest membership and the group that takes no requests as failed checks', async () => {
    const bare = await check(w.tokens.bo, { groupId: w.groups.approve.id, personId: w.people.mo, days: 400 });
    expect(failed(bare.checks)).toEqual(['request: required', 'support: supporting-group', 'expiry: max-days']);
    const badDate = await check(w.tokens.bo, {
      groupId: w.groups.approve.id,
      personId: w.people.mo,
      reason: 'x',
      endsOn: '2020-01-01',
    });
    // the end date refused by the request's own check is not reported again as a missing one
    expect(failed(badDate.checks)).toEqual(['request: future', 'support: supporting-group']);
    const open = await check(w.tokens.bo, { groupId: w.groups.submit.id, personId: w.people.ann, reason: 'x' });
    expect(open.policy).toBeNull();
    expect(open.checks.map((c: Outcome) => c.check)).toEqual(['request', 'governed']);
    expect(failed(open.checks)).toEqual(['governed: governed']);
    const nobody = await check(w.tokens.bo, { groupId: w.groups.approve.id, reason: 'x' });
    expect(failed(nobody.checks)).toEqual(['request: one-of']);
  });

  it('names the requester check when the policy limits who asks', async () => {
    const g = await w.api.group(w.folders.pay.id, 'limited');
    await addPolicy(t, {
      name: 'ck-limited',
      groupId: g.id,
      requesters: [{ kind: 'person', personId: w.people.ola }],
      stages: [{ approvers: [{ kind: 'person', personId: w.people.ola }] }],
    });
    const body = { groupId: g.id, personId: w.people.ann, reason: 'x' };
    expect(failed((await check(w.tokens.bo, body)).checks)).toEqual(['requester: requester']);
    expect((await check(w.tokens.ola, body)).ok).toBe(true);
    const refused = await t.call(w.tokens.bo, { method: 'POST', url: '/governance/requests', payload: body });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses what does not exist and fields it does not know, as a submit does', async () => {
    await check(w.tokens.bo, { groupId: 999_999, personId: w.people.ann, reason: 'x' }, 404);
    const ghost = await check(w.tokens.bo, { groupId: w.groups.approve.id, personId: 999_999, reason: 'x' }, 400);
    expect(ghost.errors[0]).toMatchObject({ field: '/personId', rule: 'exists' });
    await check(w.tokens.bo, { groupId: w.groups.approve.id, personId: w.people.ann, reason: 'x', colour: 'red' }, 400);
  });
});
