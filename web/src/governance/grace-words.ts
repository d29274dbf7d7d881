/** Words of grace for the web: the short kind of change on a badge, a fact's value, a date as "12 Mar". */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const KIND_SHORT: Record<string, string> = {
  job: 'job change',
  department: 'department change',
  leaving: 'left employment',
  requirement: 'requirement lost',
};

export const FACT_WORDS: Record<string, string> = {
  department: 'department',
  title: 'job title',
  statuses: 'status',
  supporting: 'supporting groups',
};

/** "12 Mar" (UTC, as the server counts days); the year too when it is not this one. */
export function shortDate(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear() === now.getUTCFullYear() ? '' : ` ${d.getUTCFullYear()}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}`;
}

export function factValue(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  return String(v);
}
