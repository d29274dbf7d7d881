import { describe, expect, it } from 'vitest';
import { matchesAny } from './policy-principal-rules.ts';
import {
  awaitsDecision,
  mayApprove,
  mayDecide,
  mayWithdraw,
  type RequestFacts,
  requestAbilities,
} from './request-policy.ts';
import { requestInputProblems } from './request-rules.ts';

const request = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  state: 'pending',
  requestedBy: 'bo',
  requesterPersonId: 2,
  memberPersonId: 1,
  deciders: [],
  ...over,
});
const cid = { name: 'cid', personId: 3, sysadmin: false };
const root = { name: 'root', personId: null, sysadmin: true };

describe('who decides a membership request', () => {
  it('lets the current stage approvers decide, not the requester or the member', () => {
    expect(mayApprove(cid, request(), true)).toBe(true);
    expect(mayApprove(cid, request(), false)).toBe(false);
    expect(mayDecide({ ...cid, personId: 1 }, request(), true)).toBe(false);
    expect(mayDecide({ name: 'bo', personId: null, sysadmin: false }, request(), true)).toBe(false);
    expect(awaitsDecision(cid, request(), true)).toBe(true);
    expect(awaitsDecision(cid, request({ state: 'approved' }), true)).toBe(false);
  });

  it('lets nobody approve two stages; a system administrator decides but has no inbox item', () => {
    const once = request({ deciders: [{ name: 'cid', personId: 3 }] });
    expect(mayApprove(cid, once, true)).toBe(false);
    expect(mayDecide(cid, once, true)).toBe(true);
    expect(awaitsDecision(cid, once, true)).toBe(false);
    expect(mayApprove(root, request(), false)).toBe(true);
    expect(awaitsDecision(root, request(), false)).toBe(false);
  });

  it('lets the requester withdraw while it waits', () => {
    expect(mayWithdraw({ name: 'bo', personId: 2, sysadmin: false }, request())).toBe(true);
    expect(mayWithdraw(cid, request())).toBe(false);
    expect(mayWithdraw({ name: 'bo', personId: 2, sysadmin: false }, request({ state: 'denied' }))).toBe(false);
  });

  it('matches principals against the facts of a person and the member', () => {
    const facts = { personId: 3, groups: new Set([10]), privileges: new Set(['update', 'read']) };
    const ctx = { ownerPersonId: 4, delegatePersonIds: [5], managerPersonIds: [3] };
    expect(matchesAny([{ kind: 'group', groupId: 10 }], facts, ctx)).toBe(true);
    expect(matchesAny([{ kind: 'privilege', privilege: 'admin' }], facts, ctx)).toBe(false);
    expect(matchesAny([{ kind: 'privilege', privilege: 'update' }], facts, ctx)).toBe(true);
    expect(matchesAny([{ kind: 'manager' }], facts, ctx)).toBe(true);
    expect(matchesAny([{ kind: 'owner' }, { kind: 'delegates' }, { kind: 'person', personId: 9 }], facts, ctx)).toBe(
      false,
    );
  });
});

describe('what a request must say', () => {
  const today = '2026-09-01';
  const f = (input: Parameters<typeof requestInputProblems>[0]) =>
    requestInputProblems(input, today).problems.map((p) => `${p.field} ${p.rule}`);
  it('needs one member, a reason or ticket, and an end date or days but not both', () => {
    expect(f({ groupId: 1 })).toEqual(['/personId one-of', '/reason required']);
    expect(f({ groupId: 1, personId: 1, accountId: 2, ticket: 'T-1' })).toEqual(['/personId one-of']);
    expect(f({ groupId: 1, personId: 1, reason: 'x', endsOn: '2026-10-01', days: 3 })).toEqual(['/days one-of']);
    expect(f({ groupId: 1, personId: 1, reason: 'x', endsOn: '2026-09-01' })).toEqual(['/endsOn future']);
    expect(f({ groupId: 1, personId: 1, reason: 'x', days: 0 })).toEqual(['/days range']);
    expect(requestInputProblems({ groupId: 1, personId: 1, ticket: 'T', days: 30 }, today).endsOn).toBe('2026-10-01');
    expect(requestInputProblems({ groupId: 1, personId: 1, reason: 'x' }, today)).toEqual({
      endsOn: null,
      problems: [],
    });
  });
});

describe('a membership request at its edges', () => {
  const noPerson = { name: 'svc', personId: null, sysadmin: false };
  it('never takes an account without a person for the requester, the member or an earlier decider', () => {
    const unknownPeople = request({
      requesterPersonId: null,
      memberPersonId: null,
      deciders: [{ name: 'cid', personId: null }],
    });
    expect(requestAbilities(noPerson, unknownPeople, true)).toEqual({ approve: true, deny: true, withdraw: false });
    expect(awaitsDecision(noPerson, unknownPeople, true)).toBe(true);
  });

  it('knows a person under another account name: as the requester, the member or an earlier decider', () => {
    expect(requestAbilities({ name: 'bo2', personId: 2, sysadmin: false }, request(), true)).toEqual({
      approve: false,
      deny: false,
      withdraw: true,
    });
    expect(requestAbilities({ name: 'al2', personId: 1, sysadmin: false }, request(), true)).toEqual({
      approve: false,
      deny: false,
      withdraw: false,
    });
    const decidedByCid = request({ deciders: [{ name: 'cid-old', personId: 3 }] });
    expect(requestAbilities(cid, decidedByCid, true)).toEqual({ approve: false, deny: true, withdraw: false });
    expect(awaitsDecision(cid, decidedByCid, true)).toBe(false);
  });

  it('lets a system administrator withdraw a waiting request, and nobody act on a decided one', () => {
    expect(requestAbilities(root, request(), false)).toEqual({ approve: true, deny: true, withdraw: true });
    expect(requestAbilities(root, request({ state: 'withdrawn' }), true)).toEqual({
      approve: false,
      deny: false,
      withdraw: false,
    });
    expect(requestAbilities(root, request({ requestedBy: 'root' }), true)).toMatchObject({
      approve: false,
      deny: false,
    });
  });

  it('tells earlier deciders by account name or by person, and the requester by name alone too', () => {
    expect(mayApprove(cid, request({ deciders: [{ name: 'cid', personId: null }] }), true)).toBe(false);
    expect(mayApprove(cid, request({ deciders: [{ name: 'dee', personId: 8 }] }), true)).toBe(true);
    expect(mayWithdraw({ name: 'bo', personId: null, sysadmin: false }, request())).toBe(true);
  });
});
