import type { FieldProblem } from '../platform/errors.ts';

/**
 * When an affiliation counts. Pure. Dates are calendar days (YYYY-MM-DD) and both ends are
 * inclusive: someone whose contract ends on 30 June is still affiliated on 30 June.
 */
export interface Validity {
  validFrom: string | null;
  validTo: string | null;
}

/** True if the affiliation holds on `today`. */
export function isCurrent(v: Validity, today: string): boolean {
  return (v.validFrom === null || v.validFrom <= today) && (v.validTo === null || v.validTo >= today);
}

/** Problems with a validity period: an end before its start. */
export function validityProblems(v: Validity, field = ''): FieldProblem[] {
  if (v.validFrom && v.validTo && v.validTo < v.validFrom)
    return [
      { field: `${field}/validTo`, rule: 'after-valid-from', message: `must not be before validFrom ${v.validFrom}` },
    ];
  return [];
}

/** True if a YYYY-MM-DD string is a real calendar date (not 2023-02-30). */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
