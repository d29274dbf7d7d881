import type { App } from '../app.ts';
import type { ApprovalStep, GuestTypeInput, Service } from '../guests/guest-types.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { appendixA } from '../status/appendix-a.ts';

/**
 * The seed paper's Figure 4 ("Current ID Entry types") as guest types: its expiration delta
 * is the default duration, its sponsor / requestor flags and directory flag (blank = N)
 * carry over, its display rank too. Visitors stay at most a year at a time and renew in the
 * last 30 days (ALMS); Incubator and Tech Park staff are tenants of the Science Park,
 * valid while their company is; dependants, spouses, partners and aides are sponsored by
 * a person. Loaded by the demo seed, skipping names that exist (so a resumed load adds
 * nothing twice).
 */
const visitorChain: ApprovalStep[] = [
  { step: 'department-approvers' },
  { step: 'it-desk', ifService: 'it-account' },
  { step: 'card-desk', ifService: 'id-card' },
];
const reasons = ['Research collaboration', 'Teaching', 'Conference', 'Contract work', 'Event', 'Other'];

function visitor(
  name: string,
  days: number,
  directory: 'Y' | 'N' | 'O' | 'P',
  rank: number,
  services: Service[] = ['id-card', 'it-account', 'email'],
): GuestTypeInput {
  return {
    name,
    label: name,
    lifecycle: 'visitor',
    requesterRequired: true,
    defaultDays: days,
    maxDays: 365,
    renewable: true,
    renewalWindowDays: 30,
    directory,
    services,
    approvalChain: visitorChain.filter((s) => s.ifService === undefined || services.includes(s.ifService)),
    reasons,
    expiringDays: 14,
    retentionDays: 90,
    displayRank: rank,
  };
}

function tenant(name: string, rank: number): GuestTypeInput {
  return {
    name,
    label: name,
    lifecycle: 'tenant',
    requesterRequired: true,
    directory: 'P',
    orgSubtree: 'SCIPARK',
    services: ['id-card', 'it-account'],
    approvalChain: [{ step: 'card-desk', ifService: 'id-card' }],
    expiringDays: 14,
    retentionDays: 90,
    displayRank: rank,
  };
}

function dependant(name: string, directory: 'N', rank: number): GuestTypeInput {
  return {
    name,
    label: name,
    lifecycle: 'dependant',
    sponsorRequired: true,
    directory,
    services: ['id-card'],
    approvalChain: [{ step: 'sponsor' }, { step: 'card-desk', ifService: 'id-card' }],
    expiringDays: 0,
    retentionDays: 90,
    displayRank: rank,
  };
}

export const figure4GuestTypes: readonly GuestTypeInput[] = [
  visitor('Special Programs', 60, 'N', 100),
  visitor('Temporary Employee', 90, 'P', 100),
  visitor('Conference Guest', 60, 'N', 100, ['id-card']),
  visitor('Off Campus Contractor', 120, 'N', 100),
  visitor('On Campus Vendor', 120, 'P', 100),
  visitor('Department Vendor', 90, 'P', 100),
  visitor('RU Club Member', 180, 'N', 100, ['id-card']),
  tenant('Incubator', 100),
  tenant('Tech Park', 101),
  dependant('Dependent', 'N', 160),
  dependant('Spouse', 'N', 160),
  dependant('Domestic Partner', 'N', 160),
  dependant('Personal Aid', 'N', 200),
  visitor('Visiting Researcher', 120, 'O', 300),
  visitor('Visiting Faculty', 120, 'O', 300),
  visitor('ROTC Faculty', 90, 'Y', 400),
  visitor('ROTC Staff', 90, 'Y', 400),
];

/** Loads Figure 4 and lets the employee statuses of Appendix A sponsor; returns how many types were added. */
export async function loadDemoGuestTypes(app: App, actor: Actor): Promise<number> {
  const { created } = await app.guests.config.createMissingTypes(actor, figure4GuestTypes);
  const settings = await app.guests.config.getSettings(actor);
  if (settings.version === 0) {
    await app.guests.config.putSettings(actor, 0, {
      sponsorStatusTypes: appendixA.filter((t) => t.category === 'employee').map((t) => t.name),
    });
  }
  return created;
}
