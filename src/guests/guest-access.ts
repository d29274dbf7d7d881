import type { Actor } from '../platform/auth/actor.ts';
import { guestDesks, inSubtree } from '../platform/auth/policy.ts';
import type { Trigger } from './lifecycle.ts';

/**
 * Which of a lifecycle's trigger roles an actor plays for one guest. Pure: the service
 * loads the facts (the actor's person, the guest's units' paths, whether the actor is an
 * approver of the guest's department). `system` is never played by a user: only the sweep
 * triggers timed transitions.
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
