import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.ts';
import {
  awaitsDecision,
  hasInbox,
  isOwnRequest,
  mayApprove,
  mayDecide,
  mayNameGuarantor,
  mayRead,
  mayWithdraw,
  requestAbilities,
  type RequestActor,
  requestActorOf,
  type RequestParties,
} from './request-policy.ts';

const actor = (over: Partial<RequestActor> = {}): RequestActor => ({
  userId: 10,
  personId: 100,
  sysadmin: false,
  desks: new Set(),
  readsGuests: false,
  ...over,
});

const request = (over: Partial<RequestParties> = {}): RequestParties => ({
  guarantorId: 1,
  sponsorId: null,
  submitterId: 2,
  state: 'waiting',
  steps: ['department-approvers', 'it-desk'],
  currentStep: 'department-approvers',
  ...over,
});

const dean = { personId: 100, userId: null };
const itDeskAccount = { personId: null, userId: 10 };

describe('request policy', () => {
  it('reads the facts of an actor from its roles', () => {
    const a: Actor = {
      kind: 'user',
      id: 7,
      name: 'ivan',
      roles: [
        { role: 'office', orgId: null, orgPath: null, office: 'it-desk' },
        { role: 'orgadmin', orgId: 1, orgPath: '/1/' },
      ],
    };
    const facts = requestActorOf(a, 70);
    expect(facts).toEqual({ userId: 7, personId: 70, sysadmin: false, desks: new Set(['it-desk']), readsGuests: true });
    expect(requestActorOf({ kind: 'system', id: null, name: 'job', roles: [] }, null).userId).toBeNull();
    // An organisation administrator reads the requests of their subtree only (issue 13).
    const scoped = requestActorOf({ ...a, roles: [{ role: 'orgadmin', orgId: 1, orgPath: '/1/' }] }, 70);
    expect(scoped).toMatchObject({ readsGuests: false, guestScopes: ['/1/'] });
    expect(mayRead(scoped, request({ orgPaths: ['/1/4/'] }), [])).toBe(true);
    expect(mayRead(scoped, request({ orgPaths: ['/2/'] }), [])).toBe(false);
  });

  it('counts a request as the guarantor’s and the submitter’s own', () => {
    expect(isOwnRequest(actor({ personId: 1 }), request())).toBe(true);
    expect(isOwnRequest(actor({ userId: 2 }), request())).toBe(true);
    expect(isOwnRequest(actor(), request())).toBe(false);
    // An account without a person is never the guarantor of a request whose guarantor has no account.
    expect(isOwnRequest(actor({ personId: null, userId: null }), request({ submitterId: null }))).toBe(false);
  });

  it('lets the approvers of the current step decide, never on their own request', () => {
    expect(mayDecide(actor(), request(), [dean])).toBe(true);
    expect(awaitsDecision(actor(), request(), [dean])).toBe(true);
    expect(mayDecide(actor(), request(), [])).toBe(false);
    expect(mayDecide(actor({ personId: 1 }), request({ guarantorId: 1 }), [{ personId: 1, userId: null }])).toBe(false);
    expect(mayDecide(actor(), request({ state: 'approved', currentStep: null }), [dean])).toBe(false);
  });

  it('matches a desk step by the account and a person step by the person', () => {
    const desk = request({ currentStep: 'it-desk' });
    expect(mayDecide(actor(), desk, [itDeskAccount])).toBe(true);
    // The account's person is also the person behind a desk account: it is the account that approves.
    expect(mayDecide(actor({ userId: 11 }), desk, [{ personId: 100, userId: 12 }])).toBe(false);
  });

  it('lets a system administrator decide any step of a request not their own, but not in their inbox', () => {
    const admin = actor({ sysadmin: true, personId: null });
    expect(mayDecide(admin, request(), [])).toBe(true);
    expect(awaitsDecision(admin, request(), [])).toBe(false);
    expect(mayDecide(actor({ sysadmin: true, userId: 2 }), request(), [])).toBe(false);
  });

  it('lets nobody approve two steps of one request, though they may still reject', () => {
    const decided = [{ personId: 100, userId: 10 }];
    expect(mayApprove(actor(), request(), [dean], decided)).toBe(false);
    expect(requestAbilities(actor(), request(), [dean], decided)).toEqual({
      approve: false,
      reject: true,
      withdraw: false,
    });
    expect(mayApprove(actor(), request(), [dean], [{ personId: 5, userId: 6 }])).toBe(true);
  });

  it('lets the guarantor, the submitter and system administrators withdraw a waiting request', () => {
    expect(mayWithdraw(actor({ personId: 1 }), request())).toBe(true);
    expect(mayWithdraw(actor({ userId: 2 }), request())).toBe(true);
    expect(mayWithdraw(actor({ sysadmin: true }), request())).toBe(true);
    expect(mayWithdraw(actor(), request())).toBe(false);
    expect(mayWithdraw(actor({ personId: 1 }), request({ state: 'rejected', currentStep: null }))).toBe(false);
    expect(requestAbilities(actor({ personId: 1 }), request(), [dean], [])).toEqual({
      approve: false,
      reject: false,
      withdraw: true,
    });
  });

  it('shows a request to guest readers, its parties, its desks and its department approvers only', () => {
    expect(mayRead(actor({ readsGuests: true }), request(), [])).toBe(true);
    expect(mayRead(actor({ personId: 1 }), request(), [])).toBe(true);
    expect(mayRead(actor({ personId: 3 }), request({ sponsorId: 3 }), [])).toBe(true);
    expect(mayRead(actor({ userId: 2 }), request(), [])).toBe(true);
    expect(mayRead(actor({ desks: new Set(['it-desk']) }), request(), [])).toBe(true);
    expect(mayRead(actor({ desks: new Set(['card-desk']) }), request(), [])).toBe(false);
    expect(mayRead(actor(), request(), [dean])).toBe(true);
    expect(mayRead(actor(), request({ steps: ['sponsor'] }), [dean])).toBe(false);
    expect(mayRead(actor(), request(), [])).toBe(false);
  });

  it('lets only system administrators name another guarantor, and gives an inbox to approvers only', () => {
    expect(mayNameGuarantor(actor({ sysadmin: true }))).toBe(true);
    expect(mayNameGuarantor(actor())).toBe(false);
    expect(hasInbox(actor({ personId: null }))).toBe(false);
    expect(hasInbox(actor({ personId: null, desks: new Set(['card-desk']) }))).toBe(true);
    expect(hasInbox(actor({ personId: null, sysadmin: true }))).toBe(true);
    expect(hasInbox(actor())).toBe(true);
  });
});
