import { addDays } from '../platform/dates.ts';
import type { FieldProblem } from '../platform/errors.ts';

/**
 * What a membership request must say, pure: the member (a person or an account, one of them), a reason or a ticket,
 * and how long — an end date (the day the membership no longer counts, from 00:00 UTC) or a number of days from
 * today, not both (neither: open-ended, when the policy allows it).
 */
export interface MembershipRequestInput {
  groupId: number;
  personId?: number | null;
  accountId?: number | null;
  reason?: string | null;
  ticket?: string | null;
  endsOn?: string | null;
  days?: number | null;
}

export const MAX_REQUEST_DAYS = 3650;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const given = (v: unknown) => v !== undefined && v !== null;

/** The problems of a request's fields, and the end date it asks for (null: open-ended). */
export function requestInputProblems(
  input: MembershipRequestInput,
  today: string,
): { endsOn: string | null; problems: FieldProblem[] } {
  const out: FieldProblem[] = [];
  if (given(input.personId) === given(input.accountId))
    out.push({ field: '/personId', rule: 'one-of', message: 'name the member: a personId or an accountId, not both' });
  const reason = input.reason?.trim() ?? '';
  const ticket = input.ticket?.trim() ?? '';
  if (!reason && !ticket)
    out.push({ field: '/reason', rule: 'required', message: 'say why (a reason) or give the ticket that asks for it' });
  let endsOn: string | null = null;
  if (given(input.endsOn) && given(input.days))
    out.push({ field: '/days', rule: 'one-of', message: 'give an end date (endsOn) or a number of days, not both' });
  else if (given(input.days)) {
    const d = input.days!;
    if (!Number.isSafeInteger(d) || d < 1 || d > MAX_REQUEST_DAYS)
      out.push({ field: '/days', rule: 'range', message: `a whole number of days from 1 to ${MAX_REQUEST_DAYS}` });
    else endsOn = addDays(today, d);
  } else if (given(input.endsOn)) {
    const e = input.endsOn!;
    if (!DATE.test(e) || Number.isNaN(Date.parse(`${e}T00:00:00Z`)))
      out.push({ field: '/endsOn', rule: 'format:date', message: 'an end date as YYYY-MM-DD' });
    else if (e <= today) out.push({ field: '/endsOn', rule: 'future', message: 'the end date must lie after today' });
    else endsOn = e;
  }
  return { endsOn: out.length ? null : endsOn, problems: out };
}

/** The instant a membership asked to end on `endsOn` stops counting (00:00 UTC of that day). */
export function endInstant(endsOn: string | null): Date | null {
  return endsOn === null ? null : new Date(`${endsOn}T00:00:00Z`);
}
