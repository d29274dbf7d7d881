import { addWorkingDays, type CalendarDefinition, PLAIN_CALENDAR } from '../calendars/calendar-rules.ts';
import { addDays } from '../platform/dates.ts';
import type { Condition, DateField, DueRule, Offset } from './lifecycle.ts';

/**
 * When a timed transition of a guest falls due: the meaning of the `when` rules of the
 * lifecycles (default-lifecycles.ts), as pure functions. The sweep runs the same rules as
 * SQL over every guest at once (due-sql.ts), and a storage test holds the two to agreement.
 *
 * A date rule is due on a date of the guest moved by its offset (`after` days later,
 * `before` days earlier, each a number or the guest type's `expiringDays` /
 * `retentionDays`), counted in calendar days or (`unit: 'working-days'`) in working days of the calendar that applies
 * to the guest's host unit; a guest without that date (an open-ended stay) never falls due. The
 * guest's end (`validTo`) is its own last valid day or its tenant organisation's, whichever
 * is earlier. A condition rule is due on the days its condition holds, dated by when it came to hold where that is
 * known: `sponsor-may-not-sponsor` on the day after the sponsor's last day able to sponsor (not before the guest
 * entered its state, not after today), so a sweep run late dates the transition by the sponsor, not by itself.
 */
export interface GuestDates {
  validFrom: string;
  validTo: string | null;
  stateSince: string;
  sponsorId: number | null;
}

/** The day settings of the guest's type. */
export interface TypeDays {
  expiringDays: number;
  retentionDays: number;
}

/** The guest's tenant organisation: its last valid day, if it has one. */
export interface TenantDates {
  validTo: string | null;
}

/** The guest's end: its own valid-to or its tenant organisation's, whichever is earlier (null: open-ended). */
export function endOf(guest: Pick<GuestDates, 'validTo'>, tenant: TenantDates | null): string | null {
  const ends = [guest.validTo, tenant?.validTo ?? null].filter((d): d is string => d !== null);
  if (ends.length === 0) return null;
  return ends.reduce((a, b) => (b < a ? b : a));
}

/** The date of the guest a date rule starts from. */
export function dateOf(field: DateField, guest: GuestDates, tenant: TenantDates | null): string | null {
  switch (field) {
    case 'validFrom':
      return guest.validFrom;
    case 'stateSince':
      return guest.stateSince;
    case 'validTo':
      return endOf(guest, tenant);
    default:
      return unknownKind(field);
  }
}

/** An offset in days, given the guest type's settings. */
export function offsetOf(offset: Offset | undefined, type: TypeDays): number {
  if (offset === undefined) return 0;
  if (typeof offset === 'number') return offset;
  switch (offset) {
    case 'expiringDays':
      return type.expiringDays;
    case 'retentionDays':
      return type.retentionDays;
    default:
      return unknownKind(offset);
  }
}

/** The offset of a date rule in days (negative = before), given the guest type's settings. */
export function offsetDays(rule: { before?: Offset; after?: Offset }, type: TypeDays): number {
  return offsetOf(rule.after, type) - offsetOf(rule.before, type);
}

/**
 * The day a rule falls due for a guest (null: never): a date rule's moved date; a condition rule's `today`, or for
 * `sponsor-may-not-sponsor` the day after the deadline of the guest's open handover, else after the sponsor's last
 * day able to sponsor, not before the guest's state-since day; not after today, except that an open handover's
 * deadline still to come puts it after today.
 */
export function dueOn(
  rule: DueRule,
  guest: GuestDates,
  type: TypeDays,
  tenant: TenantDates | null,
  today: string,
  facts: Pick<ConditionFacts, 'sponsorLastDay' | 'calendar' | 'handoverDeadline'> = {},
): string | null {
  if ('condition' in rule) {
    if (rule.condition !== 'sponsor-may-not-sponsor') return today;
    const from = facts.handoverDeadline ?? facts.sponsorLastDay;
    if (!from) return today;
    const after = addDays(from, 1);
    const since = after > guest.stateSince ? after : guest.stateSince;
    if (facts.handoverDeadline) return since;
    return since < today ? since : today;
  }
  const base = dateOf(rule.date, guest, tenant);
  if (base === null) return null;
  const unit = rule.unit ?? 'days';
  switch (unit) {
    case 'days':
      return addDays(base, offsetDays(rule, type));
    case 'working-days':
      return addWorkingDays(base, offsetDays(rule, type), facts.calendar ?? PLAIN_CALENDAR);
    default:
      return unknownKind(unit);
  }
}

/** The facts a condition reads beyond the guest's dates. */
export interface ConditionFacts {
  /** May the guest's sponsor sponsor today (sponsorship.ts); null when the guest has no sponsor. */
  sponsorMaySponsor: boolean | null;
  /** The sponsor's last day able to sponsor before today (sponsorship.ts), if they ever could; dates the condition. */
  sponsorLastDay?: string | null;
  /** The calendar that applies to the guest's host unit (null: Monday to Friday, no holidays); counts working days. */
  calendar?: CalendarDefinition | null;
  /**
   * The deadline of the guest's open handover (handover-rules.ts), if it has one: the managers may take over until
   * then, so the condition falls due the day after it instead.
   */
  handoverDeadline?: string | null;
}

/**
 * Does a condition hold for the guest today? `sponsor-may-not-sponsor`: it has a sponsor who may no longer sponsor.
 * `end-no-longer-near`: its end lies beyond the expiring window again (or it has none), as when a tenant
 * organisation's validity is extended.
 */
export function conditionHolds(
  condition: Condition,
  guest: GuestDates,
  type: TypeDays,
  tenant: TenantDates | null,
  today: string,
  facts: ConditionFacts,
): boolean {
  switch (condition) {
    case 'sponsor-may-not-sponsor':
      return guest.sponsorId !== null && facts.sponsorMaySponsor === false;
    case 'end-no-longer-near': {
      const end = endOf(guest, tenant);
      return end === null || addDays(end, -type.expiringDays) > today;
    }
    default:
      return unknownKind(condition);
  }
}

/** Is a rule due for the guest today: due on or before today, and (for a condition) the condition holds? */
export function isDue(
  rule: DueRule,
  guest: GuestDates,
  type: TypeDays,
  tenant: TenantDates | null,
  today: string,
  facts: ConditionFacts,
): boolean {
  const due = dueOn(rule, guest, type, tenant, today, facts);
  if (due === null || due > today) return false;
  return 'condition' in rule ? conditionHolds(rule.condition, guest, type, tenant, today, facts) : true;
}

/** A kind no case handles: a compile error while a switch misses one, an exception if bad data gets through. */
export function unknownKind(kind: never): never {
  throw new Error(`unknown kind ${JSON.stringify(kind)} in a guest's due rule`);
}
