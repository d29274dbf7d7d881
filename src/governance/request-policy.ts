import type { MembershipRequestState } from '../platform/db/governance-tables.ts';

/**
 * Who may do what with a membership request, pure. Nobody decides a request they made or one for themselves (as the
 * member or an account's owner). A stage is decided by its approvers (the policy's principals, matched by
 * policy-principal-rules.ts); system administrators may decide any stage of a request not their own, but only the
 * stages they approve wait in their inbox. Nobody approves two stages of one request. The requester (or a system
 * administrator) withdraws a request that still waits. The services load the facts and the views carry the answers.
 */
export interface RequestDecider {
  name: string;
  personId: number | null;
  sysadmin: boolean;
}

export interface RequestFacts {
  state: MembershipRequestState;
  requestedBy: string;
  requesterPersonId: number | null;
  /** The member person, or an account's owner. */
  memberPersonId: number | null;
  /** Who decided the earlier stages (by account name and person). */
  deciders: ReadonlyArray<{ name: string; personId: number | null }>;
}

export interface RequestAbilities {
  approve: boolean;
  deny: boolean;
  withdraw: boolean;
}

/** Is it the actor's own request: they asked, or they are the member (or the account's owner)? */
export function isOwnRequest(a: RequestDecider, r: RequestFacts): boolean {
  if (a.name === r.requestedBy) return true;
  return a.personId !== null && (a.personId === r.requesterPersonId || a.personId === r.memberPersonId);
}

/** Did the actor decide an earlier stage? */
export function decidedBefore(a: RequestDecider, r: RequestFacts): boolean {
  return r.deciders.some((d) => d.name === a.name || (a.personId !== null && d.personId === a.personId));
}

/** Does the request wait for the actor (their inbox): pending, not their own, and they approve its current stage. */
export function awaitsDecision(a: RequestDecider, r: RequestFacts, approvesStage: boolean): boolean {
  return r.state === 'pending' && approvesStage && !isOwnRequest(a, r) && !decidedBefore(a, r);
}

/** May the actor decide (deny) the current stage: pending, not their own, an approver of it or a sysadmin. */
export function mayDecide(a: RequestDecider, r: RequestFacts, approvesStage: boolean): boolean {
  return r.state === 'pending' && !isOwnRequest(a, r) && (approvesStage || a.sysadmin);
}

/** May the actor approve the current stage: they may decide it and decided no earlier stage. */
export function mayApprove(a: RequestDecider, r: RequestFacts, approvesStage: boolean): boolean {
  return mayDecide(a, r, approvesStage) && !decidedBefore(a, r);
}

/** May the actor withdraw: it waits and they asked for it (or are a system administrator). */
export function mayWithdraw(a: RequestDecider, r: RequestFacts): boolean {
  const asked = a.name === r.requestedBy || (a.personId !== null && a.personId === r.requesterPersonId);
  return r.state === 'pending' && (asked || a.sysadmin);
}

export function requestAbilities(a: RequestDecider, r: RequestFacts, approvesStage: boolean): RequestAbilities {
  return {
    approve: mayApprove(a, r, approvesStage),
    deny: mayDecide(a, r, approvesStage),
    withdraw: mayWithdraw(a, r),
  };
}
