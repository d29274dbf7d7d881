/**
 * Validity periods of org units (and the affiliations that hang off them). Both ends are
 * inclusive calendar dates, YYYY-MM-DD; null means open. A unit that ends on 30 June is
 * still valid on 30 June. Pure: callers pass the date ("today" comes from the clock).
 */
export interface Validity {
  validFrom: string | null;
  validTo: string | null;
}

/** True if the period covers the date. */
export function isValidOn(v: Validity, date: string): boolean {
  return (v.validFrom === null || v.validFrom <= date) && (v.validTo === null || v.validTo >= date);
}

/** True if something with this end date is still alive after `date` (and so must end with its unit). */
export function livesBeyond(validTo: string | null, date: string): boolean {
  return validTo === null || validTo > date;
}

/** True if the string is a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
