import type { FieldProblem } from '../platform/errors.ts';
import { type LoanTimes, loanPhase } from './loan-time.ts';

/**
 * The rules of lending temporary accounts, pure: how long a loan may last, what a lend or
 * a renewal must say, what an account may be called, when the global pool is low.
 */
export const MIN_LOAN_HOURS = 3;
export const MAX_LOAN_HOURS = 48;
export const DEFAULT_LOW_WATER = 3;
const HOUR = 3_600_000;
/** A loan asked "until" a time may end up to a minute short of 3 hours (the form's clock and ours differ). */
const SLACK = 60_000;

/** How long: `hours` from now, or an end time `endsAt` (ISO date-time). Exactly one. */
export interface LoanLength {
  hours?: number | null;
  endsAt?: string | null;
}

export interface LendInput extends LoanLength {
  orgId: number;
  borrowerName?: string | null;
  borrowerPersonId?: number | null;
  comment: string;
}

export interface RenewInput extends LoanLength {
  comment?: string | null;
}

const problem = (field: string, rule: string, message: string): FieldProblem => ({ field, rule, message });

/** The end a length asks for, or the problems with it: between 3 hours and 2 days from `now`. */
export function loanEnd(length: LoanLength, now: Date): { endsAt: Date | null; problems: FieldProblem[] } {
  const hours = length.hours ?? null;
  const given = [hours !== null, length.endsAt !== undefined && length.endsAt !== null].filter(Boolean).length;
  if (given !== 1)
    return {
      endsAt: null,
      problems: [
        problem(
          '/hours',
          given === 0 ? 'required' : 'one-of',
          given === 0 ? 'say how long: hours, or an end time endsAt' : 'give hours or endsAt, not both',
        ),
      ],
    };
  const field = hours !== null ? '/hours' : '/endsAt';
  let endsAt: Date;
  if (hours !== null) {
    if (!Number.isFinite(hours))
      return { endsAt: null, problems: [problem(field, 'type:number', 'hours must be a number')] };
    endsAt = new Date(now.getTime() + Math.round(hours * HOUR));
  } else {
    endsAt = new Date(length.endsAt!);
    if (Number.isNaN(endsAt.getTime()))
      return {
        endsAt: null,
        problems: [problem(field, 'format:date-time', `${length.endsAt} is not a date and time`)],
      };
  }
  const span = endsAt.getTime() - now.getTime();
  const slack = hours !== null ? 0 : SLACK;
  if (span < MIN_LOAN_HOURS * HOUR - slack)
    return {
      endsAt: null,
      problems: [problem(field, 'minimum:3h', `a loan lasts at least ${MIN_LOAN_HOURS} hours from now`)],
    };
  if (span > MAX_LOAN_HOURS * HOUR + slack)
    return {
      endsAt: null,
      problems: [problem(field, 'maximum:2d', `a loan lasts at most 2 days (${MAX_LOAN_HOURS} hours) from now`)],
    };
  return { endsAt, problems: [] };
}

const COMMENT_MAX = 1000;
const NAME_MAX = 200;

/** What a lend must say: who borrows (a name or a person), why (a comment), for how long. */
export function lendProblems(input: LendInput, now: Date): { endsAt: Date | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = input.borrowerName?.trim() ?? '';
  if (!name && !input.borrowerPersonId)
    problems.push(
      problem(
        '/borrowerName',
        'required',
        'name the borrower (borrowerName) or give their person id (borrowerPersonId)',
      ),
    );
  if (name.length > NAME_MAX)
    problems.push(problem('/borrowerName', `maxLength:${NAME_MAX}`, `at most ${NAME_MAX} characters`));
  problems.push(...commentProblems(input.comment, true));
  const end = loanEnd(input, now);
  return { endsAt: end.endsAt, problems: [...problems, ...end.problems] };
}

function commentProblems(comment: string | null | undefined, required: boolean): FieldProblem[] {
  const text = comment?.trim() ?? '';
  if (required && !text)
    return [problem('/comment', 'required', 'say what the account is lent for; the comment stays in the history')];
  if (text.length > COMMENT_MAX)
    return [problem('/comment', `maxLength:${COMMENT_MAX}`, `at most ${COMMENT_MAX} characters`)];
  return [];
}

/** A renewal extends a running loan (not ended, not yet due) to a later end, again at most 2 days from now. */
export function renewalProblems(
  loan: LoanTimes,
  input: RenewInput,
  now: Date,
): { endsAt: Date | null; problems: FieldProblem[] } {
  const phase = loanPhase(loan, now);
  switch (phase) {
    case 'ended':
      return {
        endsAt: null,
        problems: [problem('/loan', 'open', 'the loan has ended; lend an account again instead')],
      };
    case 'due':
      return {
        endsAt: null,
        problems: [
          problem(
            '/loan',
            'not-expired',
            `the loan expired at ${loan.endsAt.toISOString()}; its credential is being reset`,
          ),
        ],
      };
    case 'running':
      break;
    default:
      return phase satisfies never;
  }
  const end = loanEnd(input, now);
  const problems = [...commentProblems(input.comment, false), ...end.problems];
  if (end.endsAt && end.endsAt.getTime() <= loan.endsAt.getTime()) {
    problems.push(
      problem(
        input.hours !== undefined ? '/hours' : '/endsAt',
        'later',
        `a renewal must end after the current end ${loan.endsAt.toISOString()}`,
      ),
    );
  }
  return { endsAt: problems.length ? null : end.endsAt, problems };
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;

export function usernameProblems(username: string): FieldProblem[] {
  return USERNAME.test(username)
    ? []
    : [
        problem(
          '/username',
          'pattern',
          'letters, digits, ".", "_" or "-", 2 to 63 characters, starting with a letter or digit',
        ),
      ];
}

export interface LoanSettings {
  /** Warn when fewer free global accounts than this remain after a lend. */
  lowWater: number;
  /** Who besides the system administrators hears that the global pool runs low. */
  alertAddresses: string[];
}

export const defaultLoanSettings: LoanSettings = { lowWater: DEFAULT_LOW_WATER, alertAddresses: [] };

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export function settingsProblems(s: LoanSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(s.lowWater) || s.lowWater < 0)
    problems.push(problem('/lowWater', 'minimum:0', 'a whole number of accounts, 0 or more'));
  s.alertAddresses.forEach((a, i) => {
    if (!ADDRESS.test(a.trim()))
      problems.push(problem(`/alertAddresses/${i}`, 'format:email', `${JSON.stringify(a)} is not an email address`));
  });
  return problems;
}

/** The global pool is low when fewer free accounts than the low-water mark remain. */
export function poolIsLow(free: number, lowWater: number): boolean {
  return free < lowWater;
}
