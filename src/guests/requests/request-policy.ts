import type { Actor } from '../../platform/auth/actor.ts';
import type { GuestRequestState } from '../../platform/db/request-tables.ts';
import { guestReadScopes, inGuestScopes } from '../guest-policy.ts';
import type { ApprovalStepName } from '../guest-types.ts';

/**
 * Who may do what with a guest request. Pure: the services load the facts (the actor's
 * person and desks, the request's parties and state, the approvers of a step) and ask here;
 * the inbox query is tested against `awaitsDecision`, and every request view carries the
 * `abilities` these give, so the web app never re-derives them.
 *
 * Nobody decides their own request (as guarantor or submitter). A step is decided by its
 * approvers (a person, or an account for a desk); system administrators may decide any step
 * of a request that is not their own, but only their approver steps wait in their inbox.
 * Nobody approves two steps of one request. The guarantor or the submitter (or a system
 * administrator) withdraws a request that still waits.
 */
export interface RequestActor {
  /** The signed-in account (null for Steward itself). */
  userId: number | null;
  /** The registry person of the account, if it has one. */
  personId: number | null;
  sysadmin: boolean;
  /** The desk offices (it-desk, card-desk) the account holds. */
  desks: ReadonlySet<string>;
  /** Reads every request (guests:read everywhere: system administrators, auditors, the guest desks). */
  readsGuests: boolean;
  /** The subtrees where an organisation administrator reads requests (guest-policy.ts `guestReadScopes`). */
  guestScopes?: readonly string[];
}

/** The facts of a request the rules look at. */
export interface RequestParties {
  guarantorId: number;
  sponsorId: number | null;
  /** The account that submitted it. */
  submitterId: number | null;
  state: GuestRequestState;
  steps: readonly ApprovalStepName[];
  /** The step that waits (null once the request has ended). */
  currentStep: ApprovalStepName | null;
  /** The path of the host unit, when it has one. */
  orgPaths?: readonly string[];
}

/** One who may decide a step: a person (department approver, sponsor) or an account (a desk). */
export interface ApproverRef {
  personId: number | null;
  userId: number | null;
}

export interface RequestAbilities {
  approve: boolean;
  reject: boolean;
  withdraw: boolean;
}

/** The facts of an actor the rules need, from the actor and its account's person. */
export function requestActorOf(actor: Actor, personId: number | null): RequestActor {
  const scopes = guestReadScopes(actor);
  return {
    userId: actor.kind === 'user' ? actor.id : null,
    personId,
    sysadmin: actor.roles.some((g) => g.role === 'sysadmin'),
    desks: new Set(actor.roles.filter((g) => g.role === 'office' && g.office).map((g) => g.office!)),
    readsGuests: scopes === null,
    ...(scopes !== null && scopes.length ? { guestScopes: scopes } : {}),
  };
}

/** Is the request the actor's own: they vouch for it or submitted it? */
export function isOwnRequest(a: RequestActor, r: Pick<RequestParties, 'guarantorId' | 'submitterId'>): boolean {
  return (a.personId !== null && a.personId === r.guarantorId) || (a.userId !== null && r.submitterId === a.userId);
}

/**
 * Is the actor one of the approvers: their account (a desk), or their person where the approver is a person (not an
 * account)?
 */
export function isApprover(a: RequestActor, approvers: readonly ApproverRef[]): boolean {
  return approvers.some(
    (x) =>
      (x.userId !== null && x.userId === a.userId) ||
      (x.userId === null && x.personId !== null && x.personId === a.personId),
  );
}

/**
 * Does the request wait for the actor's decision (their inbox): it waits, it is not their own, and they approve its
 * current step (`approvers`).
 */
export function awaitsDecision(a: RequestActor, r: RequestParties, approvers: readonly ApproverRef[]): boolean {
  return r.state === 'waiting' && !isOwnRequest(a, r) && isApprover(a, approvers);
}

/** May the actor decide (approve or reject) the current step: an approver of it, or a system administrator. */
export function mayDecide(a: RequestActor, r: RequestParties, approvers: readonly ApproverRef[]): boolean {
  return r.state === 'waiting' && !isOwnRequest(a, r) && (a.sysadmin || isApprover(a, approvers));
}

/** Has the actor decided an earlier step of the request (`deciders`: who decided each step so far)? */
export function hasDecided(a: RequestActor, deciders: readonly ApproverRef[]): boolean {
  return deciders.some(
    (d) => (a.userId !== null && d.userId === a.userId) || (a.personId !== null && d.personId === a.personId),
  );
}

/** May the actor approve the current step: they may decide it and approved no other step of the request. */
export function mayApprove(
  a: RequestActor,
  r: RequestParties,
  approvers: readonly ApproverRef[],
  deciders: readonly ApproverRef[],
): boolean {
  return mayDecide(a, r, approvers) && !hasDecided(a, deciders);
}

/** Is the actor one who withdraws the request, whatever its state: its guarantor or submitter, or a sysadmin? */
export function isWithdrawer(a: RequestActor, r: Pick<RequestParties, 'guarantorId' | 'submitterId'>): boolean {
  return a.sysadmin || isOwnRequest(a, r);
}

/** May the actor withdraw the request now: it waits and they are one who withdraws it. */
export function mayWithdraw(a: RequestActor, r: RequestParties): boolean {
  return r.state === 'waiting' && isWithdrawer(a, r);
}

/**
 * May the actor read the request: a guest reader (in whose scope its host unit lies), its guarantor, sponsor or
 * submitter, a desk one of its steps goes to, or (when it has a department step) one of the department's approvers
 * (`departmentApprovers`).
 */
export function mayRead(a: RequestActor, r: RequestParties, departmentApprovers: readonly ApproverRef[]): boolean {
  if (a.readsGuests) return true;
  if (a.guestScopes?.length && inGuestScopes(a.guestScopes, r.orgPaths ?? [])) return true;
  if (a.personId !== null && (a.personId === r.guarantorId || a.personId === r.sponsorId)) return true;
  if (a.userId !== null && r.submitterId === a.userId) return true;
  if (r.steps.some((s) => a.desks.has(s))) return true;
  return r.steps.includes('department-approvers') && isApprover(a, departmentApprovers);
}

/** What the actor may do with the request now: the buttons a view offers. */
export function requestAbilities(
  a: RequestActor,
  r: RequestParties,
  approvers: readonly ApproverRef[],
  deciders: readonly ApproverRef[],
): RequestAbilities {
  return {
    approve: mayApprove(a, r, approvers, deciders),
    reject: mayDecide(a, r, approvers),
    withdraw: mayWithdraw(a, r),
  };
}

/** May the actor ask in another person's name (name a guarantor other than themselves)? */
export function mayNameGuarantor(a: RequestActor): boolean {
  return a.sysadmin;
}

/** Has the actor an approval inbox at all: a person who may approve, a desk, or a system administrator? */
export function hasInbox(a: RequestActor): boolean {
  return a.personId !== null || a.desks.size > 0 || a.sysadmin;
}
