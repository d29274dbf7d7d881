import { addDuration, type CalendarDefinition } from '../calendars/calendar-rules.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { addDays, daysBetween } from '../platform/dates.ts';
import type { GuestTypeDefinition, Service } from './guest-types.ts';

/**
 * The rules a guest record must keep, given the facts the service read (the type, whether
 * the units lie in the type's subtree, whether the sponsor may sponsor, whether the person
 * holds an ID number). Pure: each broken rule is a problem naming the field and the rule.
 * Dates are inclusive: a stay from 2026-09-01 to 2026-09-30 lasts 30 days.
 */
export interface GuestInput {
  personId: number;
  type: string;
  validFrom?: string;
  validTo?: string | null;
  hostOrgId?: number | null;
  tenantOrgId?: number | null;
  guarantorId?: number | null;
  sponsorId?: number | null;
  requesterId?: number | null;
  reason?: string | null;
  services?: Service[];
  inDirectory?: boolean;
}

export interface GuestFacts {
  today: string;
  type: GuestTypeDefinition;
  /** False when a given unit lies outside the type's subtree. */
  hostInSubtree: boolean;
  tenantInSubtree: boolean;
  /** null when no sponsor was given. */
  sponsorMaySponsor: boolean | null;
  hasIdNumber: boolean;
  /** The calendar of the host unit (the nearest up its tree), when the type's default stay counts on one. */
  calendar?: CalendarDefinition | null;
}

export interface GuestDates {
  validFrom: string;
  validTo: string | null;
}

/** Days of a stay from `from` to `to`, both included. */
export function stayDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/**
 * The dates with the type's defaults filled in: from today, to the default duration, counted in the type's unit on
 * the calendar of the guest's host unit (days: the last of `defaultDays` days; working days: the last of
 * `defaultDays` working days; end-of-term: the end of the term, `defaultDays - 1` terms on). Null `validTo` when the
 * duration is open-ended, and `noTerm` too when the calendar has no term that far.
 */
export function datesOf(
  input: Pick<GuestInput, 'validFrom' | 'validTo'>,
  type: GuestTypeDefinition,
  today: string,
  calendar: CalendarDefinition | null = null,
): GuestDates & { noTerm?: true } {
  const validFrom = input.validFrom ?? today;
  if (input.validTo !== undefined) return { validFrom, validTo: input.validTo };
  if (type.defaultDays === null) return { validFrom, validTo: null };
  const duration = { amount: type.defaultDays - 1, unit: type.defaultUnit ?? 'days' };
  const validTo = addDuration(validFrom, duration, calendar);
  return validTo === null ? { validFrom, validTo: null, noTerm: true } : { validFrom, validTo };
}

/** Whether the guest is in the directory: fixed by Y and N, chosen (with a default) for O and P. */
export function directoryOf(flag: GuestTypeDefinition['directory'], asked: boolean | undefined): boolean {
  if (flag === 'Y') return true;
  if (flag === 'N') return false;
  return asked ?? flag === 'O';
}

/**
 * Problems with a stay's dates: the end before the start, longer than the type allows, or missing when the type has a
 * maximum.
 */
export function datesProblems(dates: GuestDates, type: GuestTypeDefinition): FieldProblem[] {
  if (dates.validTo === null) {
    return type.maxDays === null
      ? []
      : [
          {
            field: '/validTo',
            rule: 'required',
            message: `a ${type.label} stays at most ${type.maxDays} days: give valid-to`,
          },
        ];
  }
  if (dates.validTo < dates.validFrom)
    return [
      {
        field: '/validTo',
        rule: 'after-valid-from',
        message: `${dates.validTo} is before valid-from ${dates.validFrom}`,
      },
    ];
  const days = stayDays(dates.validFrom, dates.validTo);
  if (type.maxDays !== null && days > type.maxDays) {
    return [
      {
        field: '/validTo',
        rule: 'maximum',
        message: `${days} days from ${dates.validFrom} is longer than a ${type.label} may stay (${type.maxDays} days): the latest valid-to is ${addDays(dates.validFrom, type.maxDays - 1)}`,
      },
    ];
  }
  return [];
}

export function guestProblems(input: GuestInput, facts: GuestFacts): FieldProblem[] {
  const { type } = facts;
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const dates = datesOf(input, type, facts.today, facts.calendar ?? null);
  if (dates.noTerm)
    add('/validTo', 'term-exists', `no term of the calendar ends after ${dates.validFrom}: give valid-to`);
  else problems.push(...datesProblems(dates, type));
  if (type.sponsorRequired && !input.sponsorId)
    add('/sponsorId', 'required', `a ${type.label} is sponsored by a person: give sponsorId`);
  if (input.sponsorId && facts.sponsorMaySponsor === false)
    add('/sponsorId', 'may-sponsor', `person ${input.sponsorId} may not sponsor: they hold no status that allows it`);
  if (type.requesterRequired && !input.requesterId)
    add('/requesterId', 'required', `a ${type.label} needs the person who requested it: give requesterId`);
  if (!type.sponsorRequired && !input.hostOrgId)
    add('/hostOrgId', 'required', `a ${type.label} is owned by a department: give hostOrgId`);
  if (input.hostOrgId && !facts.hostInSubtree)
    add(
      '/hostOrgId',
      'org-subtree',
      `unit ${input.hostOrgId} is not under ${type.orgSubtree}, where every ${type.label} belongs`,
    );
  if (input.tenantOrgId && !facts.tenantInSubtree)
    add(
      '/tenantOrgId',
      'org-subtree',
      `unit ${input.tenantOrgId} is not under ${type.orgSubtree}, where every ${type.label} belongs`,
    );
  if (type.idNumberRequired && !facts.hasIdNumber)
    add('/personId', 'id-number-required', `a ${type.label} needs an ID number: person ${input.personId} has none`);
  if (type.reasons.length > 0) {
    if (!input.reason) add('/reason', 'required', `pick one of: ${type.reasons.join(', ')}`);
    else if (!type.reasons.includes(input.reason))
      add(
        '/reason',
        'one-of',
        `"${input.reason}" is not a reason for a ${type.label}: pick one of ${type.reasons.join(', ')}`,
      );
  }
  (input.services ?? []).forEach((s, i) => {
    if (!type.services.includes(s))
      add(
        `/services/${i}`,
        'offered',
        `a ${type.label} cannot ask for ${s} (offered: ${type.services.join(', ') || 'nothing'})`,
      );
  });
  if (
    (type.directory === 'Y' || type.directory === 'N') &&
    input.inDirectory !== undefined &&
    input.inDirectory !== (type.directory === 'Y')
  ) {
    add(
      '/inDirectory',
      'directory-fixed',
      `a ${type.label} is ${type.directory === 'Y' ? 'always' : 'never'} in the directory`,
    );
  }
  return problems;
}

/**
 * Problems with renewing a stay to `newValidTo` on `today`: the type must be renewable, the
 * renewal window must have opened, the new end must be later and within the maximum
 * counted from today (a visitor renews up to a year at a time).
 */
export function renewalProblems(
  current: GuestDates,
  newValidTo: string,
  type: GuestTypeDefinition,
  today: string,
): FieldProblem[] {
  if (!type.renewable) return [{ field: '/type', rule: 'renewable', message: `a ${type.label} cannot be renewed` }];
  if (current.validTo === null)
    return [{ field: '/validTo', rule: 'open-ended', message: 'this stay has no end to renew' }];
  if (type.renewalWindowDays !== null && daysBetween(today, current.validTo) > type.renewalWindowDays) {
    return [
      {
        field: '/validTo',
        rule: 'renewal-window',
        message: `renewal opens ${type.renewalWindowDays} days before ${current.validTo}, on ${addDays(current.validTo, -type.renewalWindowDays)}`,
      },
    ];
  }
  if (newValidTo <= current.validTo)
    return [
      {
        field: '/validTo',
        rule: 'later',
        message: `${newValidTo} is not later than the current valid-to ${current.validTo}`,
      },
    ];
  const from = today > current.validFrom ? today : current.validFrom;
  if (type.maxDays !== null && stayDays(from, newValidTo) > type.maxDays) {
    return [
      {
        field: '/validTo',
        rule: 'maximum',
        message: `a ${type.label} renews for at most ${type.maxDays} days: the latest valid-to is ${addDays(from, type.maxDays - 1)}`,
      },
    ];
  }
  return [];
}
