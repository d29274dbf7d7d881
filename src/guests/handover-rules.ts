import { addDays } from '../platform/dates.ts';

/**
 * Handing a guest over when nobody vouches for it any more (issue 16). Pure: the sweep loads the facts and the SQL of
 * handover-sql.ts applies the same rules to every guest at once (a storage test holds the two to agreement).
 *
 * A guest's voucher is its guarantor (a visitor's), else its sponsor (a dependant's). When the voucher can no longer
 * vouch (sponsorship.ts) while the guest is still pending or valid, the guest is handed over to the guest managers of
 * its host unit (the tenant unit when there is no host), or of the nearest unit above that has some, from the day the
 * sweep finds it until the deadline `handoverDays` later (the guest type's). A manager of that unit may take over as
 * the new voucher until then; after the deadline the lifecycle's own rule applies (due-time.ts dates
 * `sponsor-may-not-sponsor` the day after the deadline). No handover is opened when the type gives none (0 days) or
 * when no unit at or above the guest's has guest managers: then the lifecycle's rule applies at once, as before.
 * An open handover closes by itself when its voucher can vouch again.
 */
export const vouchedStates: ReadonlySet<string> = new Set(['pending', 'active', 'expiring']);

export type VoucherRole = 'guarantor' | 'sponsor';

export interface HandoverGuest {
  state: string;
  guarantorId: number | null;
  sponsorId: number | null;
}

/** The guest's voucher: its guarantor, else its sponsor (null: nobody vouches for it, nothing to hand over). */
export function voucherOf(guest: Pick<HandoverGuest, 'guarantorId' | 'sponsorId'>): {
  role: VoucherRole;
  personId: number;
} | null {
  if (guest.guarantorId !== null) return { role: 'guarantor', personId: guest.guarantorId };
  if (guest.sponsorId !== null) return { role: 'sponsor', personId: guest.sponsorId };
  return null;
}

/** A unit at or above the guest's, how deep it lies (the root is shallowest) and how many guest managers it has. */
export interface UnitAbove {
  id: number;
  depth: number;
  managers: number;
}

/** The unit whose guest managers answer for the guest: the deepest of the chain that has any (null: none has). */
export function handoverUnit(chain: readonly UnitAbove[]): number | null {
  let best: UnitAbove | null = null;
  for (const u of chain) if (u.managers > 0 && (best === null || u.depth > best.depth)) best = u;
  return best?.id ?? null;
}

/** The last day a manager may take over: `days` after the handover began. */
export function handoverDeadline(since: string, days: number): string {
  return addDays(since, days);
}

export interface HandoverFacts {
  /** May the guest's voucher vouch today (sponsorship.ts)? */
  voucherMayVouch: boolean;
  /** Does the guest already have an open handover? */
  open: boolean;
  /** The guest type's handover days. */
  handoverDays: number;
  /** The units at or above the guest's host (else tenant) unit; empty when it has none. */
  chain: readonly UnitAbove[];
}

export interface NewHandover {
  role: VoucherRole;
  voucherId: number;
  orgId: number;
  since: string;
  deadline: string;
}

/** The handover to open for the guest today, if any. */
export function handoverToOpen(guest: HandoverGuest, facts: HandoverFacts, today: string): NewHandover | null {
  const voucher = voucherOf(guest);
  if (voucher === null || !vouchedStates.has(guest.state)) return null;
  if (facts.voucherMayVouch || facts.open || facts.handoverDays <= 0) return null;
  const orgId = handoverUnit(facts.chain);
  if (orgId === null) return null;
  return {
    role: voucher.role,
    voucherId: voucher.personId,
    orgId,
    since: today,
    deadline: handoverDeadline(today, facts.handoverDays),
  };
}
