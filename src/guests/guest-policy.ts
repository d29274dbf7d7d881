import type { Actor } from '../platform/auth/actor.ts';
import { can, guestDesks, inSubtree } from '../platform/auth/policy.ts';
import { isTimed, type Lifecycle, type LifecycleTransition, type Trigger } from './lifecycle.ts';

/**
 * Who may do what with a guest record. Pure: the service loads the facts (the actor's
 * person, the paths of the guest's host and tenant units, whether the actor is an approver
 * of the guest's department) and asks here; the guest view carries the `abilities` these
 * give, so the web app never re-derives a role.
 *
 * A manual transition is for the roles its lifecycle names (`by`); `system` is never played
 * by a user: only the sweep triggers timed transitions. A guest is read by guest readers and
 * by its guarantor and sponsor. Its dates are changed by guest managers of its units and by
 * its guarantor, who also ask for its renewal while it has an end and has not ended.
 */
export interface GuestParties {
  /** The registry person of the actor's account, if it has one. */
  actorPersonId: number | null;
  guarantorId: number | null;
  sponsorId: number | null;
  /** Paths of the guest's host and tenant units. */
  orgPaths: string[];
  /** The actor is an effective approver of the guest's department. */
  approver: boolean;
}

/** States a guest can no longer be renewed from: a new visit is asked instead. */
export const endedStates: ReadonlySet<string> = new Set(['disabled', 'archived', 'rejected', 'withdrawn']);

export interface GuestAbilities {
  /** Ask for a later valid-to through a renewal request. */
  requestRenewal: boolean;
  /** Set the valid-to or renew directly. */
  changeDates: boolean;
  /** The manual transitions the actor may trigger from the guest's state now. */
  transitions: string[];
}

/** Which of a lifecycle's trigger roles the actor plays for one guest. */
export function triggersOf(actor: Actor, parties: GuestParties): Set<Trigger> {
  const roles = new Set<Trigger>();
  for (const grant of actor.roles) {
    if (grant.role === 'sysadmin') roles.add('sysadmin');
    if (grant.role === 'office' && grant.office && guestDesks.has(grant.office)) roles.add(grant.office as Trigger);
    if (grant.role === 'orgadmin' && grant.orgPath && parties.orgPaths.some((p) => inSubtree(p, grant.orgPath!)))
      roles.add('orgadmin');
  }
  if (parties.actorPersonId !== null) {
    if (parties.actorPersonId === parties.guarantorId) roles.add('guarantor');
    if (parties.actorPersonId === parties.sponsorId) roles.add('sponsor');
    if (parties.approver) roles.add('approver');
  }
  return roles;
}

/** May the actor trigger this transition (whatever the guest's state): it is manual and they play a role it names? */
export function mayTrigger(actor: Actor, parties: GuestParties, t: LifecycleTransition): boolean {
  if (isTimed(t)) return false;
  const roles = triggersOf(actor, parties);
  return t.by.some((r) => roles.has(r));
}

/**
 * Where the actor reads guest data (guests, guest requests with the visitors' details, guest reports), as people's
 * data is scoped: `null` is everywhere (system administrators, auditors, the guest desks of `guestDesks`); otherwise
 * the subtrees of the actor's organisation-administrator grants (none for other accounts and offices, who read only
 * the guests and requests they are a party to).
 */
export function guestReadScopes(actor: Actor): string[] | null {
  if (!can(actor, 'guests:read')) return [];
  const everywhere = actor.roles.some(
    (g) =>
      g.role === 'sysadmin' || g.role === 'auditor' || (g.role === 'office' && !!g.office && guestDesks.has(g.office)),
  );
  if (everywhere) return null;
  return actor.roles.filter((g) => g.role === 'orgadmin' && g.orgPath).map((g) => g.orgPath!);
}

/** Do the unit paths (a guest's host and tenant, a request's host) lie in one of the scopes (`null`: everywhere)? */
export function inGuestScopes(scopes: readonly string[] | null, orgPaths: readonly string[]): boolean {
  return scopes === null || orgPaths.some((p) => scopes.some((s) => inSubtree(p, s)));
}

/**
 * May the actor read the guest: a guest reader whose scope holds one of its units (`orgPaths`), or its guarantor or
 * sponsor?
 */
export function mayReadGuest(
  actor: Actor,
  parties: Pick<GuestParties, 'actorPersonId' | 'guarantorId' | 'sponsorId' | 'orgPaths'>,
) {
  if (inGuestScopes(guestReadScopes(actor), parties.orgPaths)) return true;
  const me = parties.actorPersonId;
  return me !== null && (me === parties.guarantorId || me === parties.sponsorId);
}

/** Is the actor the guest's guarantor? */
export function isGuarantor(parties: Pick<GuestParties, 'actorPersonId' | 'guarantorId'>): boolean {
  return parties.guarantorId !== null && parties.actorPersonId === parties.guarantorId;
}

/** May the actor change the guest's dates (valid-to, renewal): a guest manager of its units, or its guarantor? */
export function mayChangeDates(actor: Actor, parties: GuestParties): boolean {
  return can(actor, 'guests:manage', { orgPaths: parties.orgPaths }) || isGuarantor(parties);
}

/**
 * May the actor ask for the guest's renewal: its guarantor or a guest manager of its units, while the guest has an end
 * and has not ended.
 */
export function mayRequestRenewal(
  actor: Actor,
  parties: GuestParties,
  guest: { state: string; validTo: string | null },
): boolean {
  if (endedStates.has(guest.state) || guest.validTo === null) return false;
  return isGuarantor(parties) || can(actor, 'guests:manage', { orgPaths: parties.orgPaths });
}

/** What the actor may do with the guest now: the actions a guest view offers. */
export function guestAbilities(
  actor: Actor,
  parties: GuestParties,
  guest: { state: string; validTo: string | null },
  lifecycle: Lifecycle,
): GuestAbilities {
  return {
    requestRenewal: mayRequestRenewal(actor, parties, guest),
    changeDates: mayChangeDates(actor, parties),
    transitions: lifecycle.transitions
      .filter((t) => t.from.includes(guest.state) && mayTrigger(actor, parties, t))
      .map((t) => t.name),
  };
}
