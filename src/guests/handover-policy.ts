import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';

/**
 * Who may take over a handed-over guest (handover-rules.ts) as its new guarantor or sponsor. Pure: the service loads
 * the open handover's unit path and the actor's registry person. A guest manager of that unit (who manages guests
 * there: its organisation administrators and those above, the guest desks, system administrators) may, when their
 * account is linked to a person — the person who will vouch.
 */
export interface TakeOverFacts {
  /** The path of the unit of the guest's open handover; null when the guest has none. */
  handoverOrgPath: string | null;
  /** The registry person of the actor's account, if it has one. */
  actorPersonId: number | null;
}

export type TakeOverRefusal = 'no-handover' | 'not-a-manager' | 'no-person';

/** Why the actor may not take over the guest now (null: they may). */
export function takeOverRefusal(actor: Actor, facts: TakeOverFacts): TakeOverRefusal | null {
  if (facts.handoverOrgPath === null) return 'no-handover';
  if (!can(actor, 'guests:manage', { orgPaths: [facts.handoverOrgPath] })) return 'not-a-manager';
  if (facts.actorPersonId === null) return 'no-person';
  return null;
}

/** May the actor take over the guest now (the `takeOver` ability of a guest view)? */
export function mayTakeOver(actor: Actor, facts: TakeOverFacts): boolean {
  return takeOverRefusal(actor, facts) === null;
}
