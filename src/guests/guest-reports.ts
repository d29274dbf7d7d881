import { sql } from 'kysely';
import { exportCsv } from '../platform/csv-export.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { addDays, isoDate } from '../platform/dates.ts';
import { guestsInScopes } from './guest-facts.ts';
import { guestReadScopes } from './guest-policy.ts';
import type { ReportByOrg, ReportExpiring, ReportUnvouched } from './guest-schemas.ts';
import { readGuestSettings, maySponsorSql, sponsorLastDaySql } from './sponsorship.ts';

/**
 * Guest reports (issue 3, story 7, the part without requests), over the guests of the reader's scope
 * (guest-policy.ts `guestReadScopes`): per host unit (the tenant
 * unit when there is no host) the guests by lifecycle state and how many end within a
 * window, and the upcoming expiries. Each is one grouped or joined query, never per row.
 */
export type OrgStateCounts = ReportByOrg['orgs'][number];
export type UpcomingExpiry = ReportExpiring['items'][number];

/** The usual states first, in lifecycle order; any other state present after them, by name. */
const usualStates = ['pending', 'active', 'expiring', 'disabled'];

export function createGuestReportService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const window = (on: string | undefined, within: number | undefined) => {
    const day = on ?? isoDate(clock.now());
    const days = within ?? 30;
    return { on: day, within: days, until: addDays(day, days) };
  };

  async function byOrg(actor: Actor, query: { on?: string; within?: number }): Promise<ReportByOrg> {
    authorise(actor, 'guests:read');
    const w = window(query.on, query.within);
    const rows = await db
      .selectFrom('guests as g')
      .leftJoin('org_units as u', (j) => j.on(sql<boolean>`u.id = coalesce(g.host_org_id, g.tenant_org_id)`))
      .select(['u.id as org_id', 'u.code', 'u.name', 'g.state'])
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        sql<number>`sum(case when g.valid_to >= ${w.on} and g.valid_to <= ${w.until} then 1 else 0 end)`.as('ending'),
      ])
      .where(guestsInScopes(guestReadScopes(actor)))
      .groupBy(['u.id', 'u.code', 'u.name', 'g.state'])
      .execute();
    const orgs = new Map<string, OrgStateCounts>();
    const present = new Set<string>();
    for (const r of rows) {
      const key = String(r.org_id ?? '');
      let org = orgs.get(key);
      if (!org) {
        org = {
          orgId: r.org_id,
          code: r.code,
          name: r.name,
          counts: Object.fromEntries(usualStates.map((s) => [s, 0])),
          total: 0,
          endingWithin: 0,
        };
        orgs.set(key, org);
      }
      org.counts[r.state] = (org.counts[r.state] ?? 0) + r.n;
      org.total += r.n;
      org.endingWithin += r.ending ?? 0;
      present.add(r.state);
    }
    const others = [...present].filter((s) => !usualStates.includes(s)).sort();
    const states = [...usualStates, ...others];
    for (const org of orgs.values()) for (const s of others) org.counts[s] ??= 0;
    const list = [...orgs.values()].sort((a, b) => (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff'));
    return { ...w, states, orgs: list };
  }

  /** The guests of the reader's scope with what every guest list shows: type, host (or tenant) unit and name. */
  const reported = (actor: Actor) =>
    db
      .selectFrom('guests as g')
      .innerJoin('guest_types as t', 't.id', 'g.type_id')
      .innerJoin('people as p', 'p.id', 'g.person_id')
      .leftJoin('org_units as u', (j) => j.on(sql<boolean>`u.id = coalesce(g.host_org_id, g.tenant_org_id)`))
      .select([
        'g.id',
        'g.state',
        'g.valid_to',
        't.name as type',
        'u.code as org_code',
        'p.given_name',
        'p.family_name',
      ])
      .where(guestsInScopes(guestReadScopes(actor)));

  async function expiring(actor: Actor, query: { on?: string; within?: number }): Promise<ReportExpiring> {
    authorise(actor, 'guests:read');
    const w = window(query.on, query.within);
    const rows = await reported(actor)
      .leftJoin('people as gp', 'gp.id', 'g.guarantor_id')
      .select(['gp.given_name as g_given', 'gp.family_name as g_family'])
      .where('g.valid_to', '>=', w.on)
      .where('g.valid_to', '<=', w.until)
      .orderBy('g.valid_to')
      .orderBy('g.id')
      .execute();
    const items = rows.map((r) => ({
      ...reportedGuest(r),
      validTo: String(r.valid_to),
      guarantor: r.g_given === null ? null : `${r.g_given} ${r.g_family}`,
    }));
    return { ...w, items };
  }

  /**
   * Guests still pending or valid whose guarantor (a visitor's) or sponsor (a dependant's) can no longer vouch on
   * `on` (sponsorship.ts: no current affiliation, or no sponsoring status), with that person's last day able to:
   * the guests nobody answers for, for the host unit's managers to take over or end. A guest under an open handover
   * (handover-rules.ts) carries it: the unit whose guest managers may take over, since when and until which deadline.
   */
  async function unvouched(actor: Actor, query: { on?: string }): Promise<ReportUnvouched> {
    authorise(actor, 'guests:read');
    const on = query.on ?? isoDate(clock.now());
    const { settings } = await readGuestSettings(db);
    const voucher = sql`coalesce(g.guarantor_id, g.sponsor_id)`;
    const rows = await reported(actor)
      .innerJoin('people as v', (j) => j.on(sql<boolean>`v.id = ${voucher}`))
      .leftJoin('guest_handovers as h', (j) => j.onRef('h.guest_id', '=', 'g.id').on('h.closed_at', 'is', null))
      .leftJoin('org_units as hu', 'hu.id', 'h.org_id')
      .select(['g.guarantor_id', 'v.id as voucher_id', 'v.given_name as v_given', 'v.family_name as v_family'])
      .select(['h.org_id as h_org_id', 'hu.code as h_org_code', 'h.since as h_since', 'h.deadline as h_deadline'])
      .select(sql<string | null>`(${sponsorLastDaySql(voucher, on, settings)})::text`.as('last_day'))
      .where('g.state', 'in', ['pending', 'active', 'expiring'])
      .where(sql<boolean>`(h.id is not null or not ${maySponsorSql(voucher, on, settings)})`)
      .orderBy('g.id')
      .execute();
    const items = rows.map((r) => ({
      ...reportedGuest(r),
      validTo: r.valid_to === null ? null : String(r.valid_to),
      role: r.guarantor_id === null ? ('sponsor' as const) : ('guarantor' as const),
      voucherId: r.voucher_id,
      voucherName: `${r.v_given} ${r.v_family}`,
      voucherLastDay: r.last_day,
      handover:
        r.h_org_id === null
          ? null
          : { orgId: r.h_org_id, orgCode: r.h_org_code!, since: String(r.h_since), deadline: String(r.h_deadline) },
    }));
    return { on, items };
  }

  return { byOrg, expiring, unvouched };
}

export type GuestReportService = ReturnType<typeof createGuestReportService>;

/** The columns every guest list shows, from a row of `reported`. */
function reportedGuest(r: {
  id: number;
  state: string;
  type: string;
  org_code: string | null;
  given_name: string;
  family_name: string;
}) {
  return {
    guestId: r.id,
    personName: `${r.given_name} ${r.family_name}`,
    type: r.type,
    state: r.state,
    orgCode: r.org_code,
  };
}

export function byOrgCsv(report: ReportByOrg): string {
  return exportCsv([
    ['org_code', 'org_name', ...report.states, 'total', `ending_within_${report.within}_days`],
    ...report.orgs.map((o) => [
      o.code ?? '',
      o.name ?? '',
      ...report.states.map((s) => o.counts[s] ?? 0),
      o.total,
      o.endingWithin,
    ]),
  ]);
}

export function expiringCsv(report: ReportExpiring): string {
  return exportCsv([
    ['guest_id', 'person_name', 'type', 'state', 'org_code', 'valid_to', 'guarantor'],
    ...report.items.map((i) => [
      i.guestId,
      i.personName,
      i.type,
      i.state,
      i.orgCode ?? '',
      i.validTo,
      i.guarantor ?? '',
    ]),
  ]);
}

export function unvouchedCsv(report: ReportUnvouched): string {
  return exportCsv([
    [
      'guest_id',
      'person_name',
      'type',
      'state',
      'org_code',
      'valid_to',
      'role',
      'voucher_id',
      'voucher',
      'voucher_last_day',
      'handover_org_code',
      'handover_deadline',
    ],
    ...report.items.map((i) => [
      i.guestId,
      i.personName,
      i.type,
      i.state,
      i.orgCode ?? '',
      i.validTo ?? '',
      i.role,
      i.voucherId,
      i.voucherName,
      i.voucherLastDay ?? '',
      i.handover?.orgCode ?? '',
      i.handover?.deadline ?? '',
    ]),
  ]);
}
