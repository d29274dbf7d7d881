import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import {
  addDelegate,
  addPolicy,
  expectStatus,
  governanceWorld,
  type GovernanceWorld,
  lastMailId,
  mailOf,
} from './add-world.ts';

const DAY = 86_400_000;

describe('governed direct adds, checks before adding and separation of duties', () => {
  let t: TestApp;
  let w: GovernanceWorld;
  let policyId: number;
  beforeAll(async () => {
    t = await makeTestApp();
    w = await governanceWorld(t, 'DA');
    const policy = await addPolicy(t, {
      name: 'pay-approvals',
      folderId: w.folders.pay.id,
      securityLevel: 'high',
      directAdders: [{ kind: 'person', personId: w.people.mo }],
      stages: [{ approvers: [{ kind: 'manager' }] }, { approvers: [{ kind: 'owner' }] }],
      checks: { supportingGroupIds: [w.groups.staff.id] },
      maxDays: 90,
      ownerPersonId: w.people.ola,
    });
    policyId = policy.id;
    await addDelegate(t, policyId, w.org.uni, w.people.dee);
    // Bo and Mo both hold update on the folder: only Mo is a direct adder
    for (const personId of [w.people.bo, w.people.mo])
      await w.api.ok(
        { method: 'POST', url: `/folders/${w.folders.pay.id}/privileges`, payload: { privilege: 'update', personId } },
        201,
      );
  });
  afterAll(() => t.close());

  it('answers the effective policy of a group below the folder, and where it comes from', async () => {
    const eff = await expectStatus(
      t,
      t.tokens.auditor,
      { method: 'GET', url: `/groups/${w.groups.approve.id}/policy` },
      200,
    );
    expect(eff).toMatchObject({
      governed: true,
      via: { kind: 'folder', name: 'da:pay' },
      policy: { id: policyId, grace: { job: 14 } },
    });
    const none = await expectStatus(
      t,
      t.tokens.auditor,
      { method: 'GET', url: `/groups/${w.groups.staff.id}/policy` },
      200,
    );
    expect(none).toEqual({ groupId: w.groups.staff.id, governed: false, policy: null, via: null });
  });

  it('tells one who is not a direct adder to request instead, with the route', async () => {
    const r = await t.call(w.tokens.bo, {
      method: 'POST',
      url: `/groups/${w.groups.approve.id}/members`,
      payload: { personId: w.people.ann, disabledAt: new Date(t.clock.now().getTime() + 30 * DAY).toISOString() },
    });
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json()).toMatchObject({
      errors: [{ rule: 'must-request' }],
      requestWith: { method: 'POST', path: '/governance/requests' },
    });
    expect(r.json().detail).toContain('pay-approvals');
    expect(await w.api.ok({ method: 'GET', url: `/groups/${w.groups.approve.id}/members` })).toEqual([]);
  });

  it('runs the checks for a direct adder, explaining each failure, and records the facts of an add', async () => {
    const url = `/groups/${w.groups.approve.id}/members`;
    const until = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();
    const cy = await t.call(w.tokens.mo, {
      method: 'POST',
      url,
      payload: { personId: w.people.cy, disabledAt: until(30) },
    });
    expect(cy.statusCode, cy.body).toBe(409);
    expect(cy.json().errors).toEqual([expect.objectContaining({ field: '/personId', rule: 'supporting-group' })]);
    const open = await t.call(w.tokens.mo, { method: 'POST', url, payload: { personId: w.people.ann } });
    expect(open.json().errors).toEqual([expect.objectContaining({ field: '/disabledAt', rule: 'expiry-required' })]);
    const long = await t.call(w.tokens.mo, {
      method: 'POST',
      url,
      payload: { personId: w.people.ann, disabledAt: until(120) },
    });
    expect(long.json().errors).toEqual([expect.objectContaining({ field: '/disabledAt', rule: 'max-days' })]);
    expect(await w.api.ok({ method: 'GET', url })).toEqual([]);
    const before = await lastMailId(t);
    const added = await expectStatus(
      t,
      w.tokens.mo,
      { method: 'POST', url, payload: { personId: w.people.ann, disabledAt: until(30), reason: 'cover' } },
      201,
    );
    const facts = await t
      .db()
      .selectFrom('membership_facts')
      .selectAll()
      .where('membership_id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(facts).toMatchObject({
      policy_id: policyId,
      person_id: w.people.ann,
      group_id: w.groups.approve.id,
      approved_by: null,
    });
    expect(facts.facts).toEqual({ statuses: [], department: 'DAFIN', title: 'Clerk', supporting: [w.groups.staff.id] });
    // the new member, their manager, the owner and the delegate (inherited from UNI) are told
    expect(await mailOf(t, 'membership-added', before)).toEqual(
      ['ann', 'dee', 'mo', 'ola'].map((n) => `${n}.da@uni.example`).sort(),
    );
  });

  it('holds a later end given after the add to the same expiry rules; an earlier end is always allowed', async () => {
    const url = `/groups/${w.groups.approve.id}/members`;
    const until = (days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();
    const [ann] = (await w.api.ok({ method: 'GET', url })) as { id: number; version: number; personId: number }[];
    expect(ann.personId).toBe(w.people.ann);
    const patch = (disabledAt: string | null, version: number) =>
      t.call(w.tokens.mo, {
        method: 'PATCH',
        url: `${url}/${ann.id}`,
        headers: { 'if-match': `"${version}"` },
        payload: { disabledAt },
      });
    const longer = await patch(until(200), ann.version);
    expect(longer.statusCode, longer.body).toBe(409);
    expect(longer.json().errors).toEqual([expect.objectContaining({ field: '/disabledAt', rule: 'max-days' })]);
    const open = await patch(null, ann.version);
    expect(open.json().errors).toEqual([expect.objectContaining({ field: '/disabledAt', rule: 'expiry-required' })]);
    const shorter = await patch(until(10), ann.version);
    expect(shorter.statusCode, shorter.body).toBe(200);
    expect(shorter.json().disabledAt).toBe(until(10));
  });

  it('refuses an add that would break separation of duties through nesting, naming both paths, either way', async () => {
    const sod = await w.api.folder('sod', w.folders.root.id);
    const [team, approve, submit] = [
      await w.api.group(sod.id, 'team'),
      await w.api.group(sod.id, 'approve'),
      await w.api.group(sod.id, 'submit'),
    ];
    await w.api.add(approve.id, { groupId: team.id });
    const zed = w.people.bo;
    const yan = w.people.cy;
    await w.api.add(submit.id, { personId: zed });
    await w.api.add(team.id, { personId: yan });
    await expectStatus(
      t,
      t.tokens.admin,
      {
        method: 'POST',
        url: '/governance/exclusions',
        payload: { leftGroupId: submit.id, rightGroupId: approve.id, reason: 'four eyes' },
      },
      201,
    );
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${team.id}/members`,
      payload: { personId: zed },
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().errors).toEqual([
      expect.objectContaining({
        field: '/personId',
        rule: 'separation-of-duties',
        message: expect.stringContaining(
          'would hold da:sod:approve via da:sod:team → da:sod:approve, already holds da:sod:submit via direct membership',
        ),
      }),
    ]);
    const back = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${submit.id}/members`,
      payload: { personId: yan },
    });
    expect(back.json().errors[0].message).toContain(
      'would hold da:sod:submit via direct membership, already holds da:sod:approve via da:sod:team → da:sod:approve',
    );
    // nesting the team into submit would give Yan both: refused naming Yan
    const nest = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${submit.id}/members`,
      payload: { groupId: team.id },
    });
    expect(nest.statusCode).toBe(409);
    expect(nest.json().errors[0].message).toContain(`Cy DAPerson (person ${yan})`);
    expect(await w.api.effectiveIds(team.id)).toEqual([yan]);
  });

  it('refuses an exclusion while someone holds both groups, listing who', async () => {
    const f = await w.api.folder('pair', w.folders.root.id);
    const [x, y] = [await w.api.group(f.id, 'x'), await w.api.group(f.id, 'y')];
    await w.api.add(x.id, { personId: w.people.dee });
    await w.api.add(y.id, { personId: w.people.dee });
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/exclusions',
      payload: { leftGroupId: y.id, rightGroupId: x.id },
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({
      holders: [`Dee DAPerson (person ${w.people.dee})`],
      errors: [{ rule: 'held-by-both' }],
    });
    expect(
      await t.db().selectFrom('governance_exclusions').select('id').where('left_group_id', '=', x.id).execute(),
    ).toEqual([]);
  });

  it('adds an administrative account directly only when the policy takes accounts with the attribute', async () => {
    const acct = await expectStatus(
      t,
      t.tokens.admin,
      {
        method: 'POST',
        url: '/governance/accounts',
        payload: { kind: 'admin', username: 'adm-ann-da', ownerPersonId: w.people.ann, attributes: { psa: true } },
      },
      201,
    );
    const g = await w.api.group(w.folders.root.id, 'servers');
    await addPolicy(t, {
      name: 'servers',
      groupId: g.id,
      checks: { subjectTypes: ['admin-account'], requiredAttributes: [{ name: 'psa', value: true }] },
    });
    const person = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${g.id}/members`,
      payload: { personId: w.people.ann },
    });
    expect(person.json().errors.map((e: { rule: string }) => e.rule)).toEqual(['subject-type', 'required-attribute']);
    const m = await expectStatus(
      t,
      t.tokens.admin,
      {
        method: 'POST',
        url: `/governance/accounts/${acct.id}/memberships`,
        payload: { groupId: g.id, ticket: 'OPS-1' },
      },
      201,
    );
    expect(m).toMatchObject({ groupId: g.id, accountId: acct.id, ticket: 'OPS-1' });
    const other = await expectStatus(
      t,
      t.tokens.admin,
      {
        method: 'POST',
        url: '/governance/accounts',
        payload: { kind: 'admin', username: 'adm-bo-da', ownerPersonId: w.people.bo },
      },
      201,
    );
    const refused = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/governance/accounts/${other.id}/memberships`,
      payload: { groupId: g.id },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ field: '/accountId', rule: 'required-attribute' }),
    ]);
  });

  it('lets an org administrator manage accounts only inside their subtree, and policies only where they administer', async () => {
    const inHr = await t.tokenFor('da-orgadmin-hr', [{ role: 'orgadmin', orgId: w.org.hr }]);
    const inUni = await t.tokenFor('da-orgadmin-uni', [{ role: 'orgadmin', orgId: w.org.uni }]);
    const body = (username: string) => ({ kind: 'service', username, ownerPersonId: w.people.ann });
    await expectStatus(t, inHr, { method: 'POST', url: '/governance/accounts', payload: body('svc-hr') }, 403);
    await expectStatus(t, inUni, { method: 'POST', url: '/governance/accounts', payload: body('svc-uni') }, 201);
    const g = await w.api.group(w.folders.root.id, 'orgadmin-policy');
    await expectStatus(
      t,
      inUni,
      { method: 'POST', url: '/governance/policies', payload: { name: 'oa', groupId: g.id } },
      403,
    );
    await expectStatus(t, inUni, { method: 'GET', url: `/governance/policies/${policyId}` }, 403);
    await expectStatus(t, inUni, { method: 'GET', url: '/governance/policies' }, 403);
  });

  it('refuses unknown body fields and bad values, naming the field, and changes nothing', async () => {
    const g = await w.api.group(w.folders.root.id, 'strict');
    const extra = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/policies',
      payload: { name: 'strict', groupId: g.id, colour: 'red' },
    });
    expect(extra.statusCode).toBe(400);
    const negative = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/policies',
      payload: {
        name: 'strict',
        groupId: g.id,
        securityLevel: 'custom',
        grace: { job: -3, department: 1, leaving: 0, requirement: 1 },
      },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors).toEqual([expect.objectContaining({ field: '/grace/job', rule: 'minimum' })]);
    const missing = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/governance/policies',
      payload: { name: 'strict', groupId: g.id, stages: [{ approvers: [{ kind: 'person', personId: 999999 }] }] },
    });
    expect(missing.json().errors).toEqual([
      expect.objectContaining({ field: '/stages/0/approvers/0/personId', rule: 'exists' }),
    ]);
    expect(await t.db().selectFrom('governance_policies').select('id').where('name', '=', 'strict').execute()).toEqual(
      [],
    );
  });

  it('changes a policy with If-Match and refuses deleting one in use', async () => {
    const url = `/governance/policies/${policyId}`;
    const r = await t.call(t.tokens.admin, { method: 'PATCH', url, payload: { label: 'x' } });
    expect(r.statusCode).toBe(428);
    const current = await expectStatus(t, t.tokens.admin, { method: 'GET', url }, 200);
    const changed = await expectStatus(
      t,
      t.tokens.admin,
      {
        method: 'PATCH',
        url,
        headers: { 'if-match': `"${current.version}"` },
        payload: { label: 'Payment approvals', securityLevel: 'medium' },
      },
      200,
    );
    expect(changed).toMatchObject({
      label: 'Payment approvals',
      grace: { job: 30, department: 30 },
      version: current.version + 1,
    });
    const stale = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url,
      headers: { 'if-match': `"${current.version}"` },
      payload: { label: 'y' },
    });
    expect(stale.statusCode).toBe(412);
    const del = await t.call(t.tokens.admin, { method: 'DELETE', url });
    expect(del.statusCode).toBe(409);
    expect(del.json().errors[0].rule).toBe('in-use');
  });
});
