import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';

/**
 * Who may do what with an access review, pure, over facts review-store.ts loads.
 *
 * - Starting a campaign: a system administrator; for a group or a folder, whoever holds `admin` on it; for an
 *   application, whoever configures applications (`access:configure`, as src/access says) or the person named owner
 *   of a governance policy on one of its roles.
 * - Managing it (every item, bulk over everyone's items, closing, the report): a system administrator or the
 *   campaign's owner (a person; the fallback reviewer).
 * - Deciding an item: its reviewer, or whoever manages the campaign. A reviewer sees and decides their own items
 *   only; anyone else (an outsider) is refused.
 * - Reading the campaign: whoever manages it, its reviewers (their own items), and auditors; its report (everyone's
 *   decisions): whoever manages it, and auditors.
 */
export interface CampaignFacts {
  /** The person the actor's account belongs to (null for accounts without one). */
  personId: number | null;
  ownerPersonId: number | null;
  /** Is the actor's person a reviewer in this campaign (of any unit, or assigned an item)? */
  reviewer: boolean;
}

export interface StartFacts {
  /** Admin privilege on the group or folder reviewed. */
  adminOnTarget: boolean;
  /** Owner of the application reviewed (configures applications, or owns a policy on one of its roles). */
  applicationOwner: boolean;
}

export function mayStartCampaign(actor: Actor, f: StartFacts): boolean {
  return can(actor, 'groups:manage') || f.adminOnTarget || f.applicationOwner;
}

export function mayManageCampaign(actor: Actor, f: CampaignFacts): boolean {
  return can(actor, 'groups:manage') || (f.personId !== null && f.personId === f.ownerPersonId);
}

export function mayReadCampaign(actor: Actor, f: CampaignFacts): boolean {
  return mayManageCampaign(actor, f) || f.reviewer || can(actor, 'groups:read');
}

export function mayReadReport(actor: Actor, f: CampaignFacts): boolean {
  return mayManageCampaign(actor, f) || can(actor, 'groups:read');
}

export function mayDecideItem(actor: Actor, f: CampaignFacts, itemReviewer: number | null): boolean {
  return mayManageCampaign(actor, f) || (f.personId !== null && f.personId === itemReviewer);
}

/** Whose items a worklist or a bulk decision covers: one reviewer's, or everyone's (null). */
export type ReviewerChoice = { reviewer: number | null } | { refused: string };

/**
 * The reviewer a worklist asks for: `me` (the default), `all`, or a person id. A reviewer may ask only for their own
 * items; whoever manages the campaign, or reads everything (auditors), for anyone's. An account without a person
 * asking for `me` gets everyone's when it may see them.
 */
export function worklistReviewer(actor: Actor, f: CampaignFacts, asked: string | undefined): ReviewerChoice {
  const wide = mayManageCampaign(actor, f) || can(actor, 'groups:read');
  const wanted = asked === undefined || asked === 'me' ? f.personId : asked === 'all' ? null : Number(asked);
  if (wanted === null) {
    if (wide) return { reviewer: null };
    return { refused: `${actor.name} may see only their own items in this campaign` };
  }
  if (wanted === f.personId && (f.reviewer || wide)) return { reviewer: wanted };
  if (wide) return { reviewer: wanted };
  return { refused: `${actor.name} is not a reviewer of this campaign` };
}

/** What the caller may do with a campaign, for the web (which never reads roles). */
export interface CampaignAbilities {
  decide: boolean;
  decideAll: boolean;
  close: boolean;
  report: boolean;
}

export function campaignAbilities(actor: Actor, f: CampaignFacts, open: boolean): CampaignAbilities {
  const manage = mayManageCampaign(actor, f);
  return {
    decide: open && (manage || f.reviewer),
    decideAll: open && manage,
    close: open && manage,
    report: mayReadReport(actor, f),
  };
}
