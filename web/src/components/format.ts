/** Display helpers: dates, date-times and short renderings of JSON values. */
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** Dates stay as the server sends them (YYYY-MM-DD): unambiguous and sortable. */
export function formatDate(date: string | null | undefined): string {
  return date || '—';
}

/** Objects people recognise (emails, phones, identifiers) as they are written; others as "key: value". */
function formatObject(o: Record<string, unknown>): string {
  const labelled = (main: unknown) => `${String(main)}${o.label ? ` (${String(o.label)})` : ''}`;
  if (typeof o.address === 'string') return labelled(o.address);
  if (typeof o.number === 'string') return labelled(o.number);
  if (typeof o.kind === 'string' && typeof o.value === 'string')
    return `${o.kind} ${o.value}${o.scope ? ` (${String(o.scope)})` : ''}`;
  return Object.entries(o)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function formatValue(value: unknown): string {
  if (isBlank(value)) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map((v) => (v && typeof v === 'object' ? formatObject(v as Record<string, unknown>) : String(v)))
      .join('; ');
  if (typeof value === 'object') return formatObject(value as Record<string, unknown>);
  return JSON.stringify(value);
}

/** "from 2020-01-01", "until 2026-06-30", "2020-01-01 – 2026-06-30", or "". */
export function formatValidity(from: string | null | undefined, to: string | null | undefined): string {
  if (from && to) return `${from} – ${to}`;
  if (from) return `from ${from}`;
  if (to) return `until ${to}`;
  return '';
}

/** Today as YYYY-MM-DD in the browser's zone. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function isEnded(validTo: string | null | undefined, on = today()): boolean {
  return !!validTo && validTo < on;
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A date in a sentence: "1 July 2026" (from YYYY-MM-DD). */
export function formatLongDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : longDate.format(d);
}
