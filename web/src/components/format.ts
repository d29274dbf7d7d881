/**
 * Display helpers: dates, date-times and short renderings of JSON values. Dates and times have one style across the
 * pages, in the institution's locale and time zone (from /auth/me `display`, set at sign-in): a calendar date as
 * "30 Jun 2026", a moment as "30 Jun 2026, 14:05 UTC" (the zone always shown).
 */
interface Display {
  locale: string;
  timeZone: string;
}
let display: Display = { locale: 'en-GB', timeZone: 'UTC' };
let formats = makeFormats(display);

function makeFormats({ locale, timeZone }: Display) {
  const day = { day: 'numeric', month: 'short', year: 'numeric' } as const;
  return {
    date: new Intl.DateTimeFormat(locale, { ...day, timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(locale, {
      ...day,
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }),
    longDate: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
    number: new Intl.NumberFormat(locale),
  };
}

/** The institution's locale and time zone; the session sets them when someone signs in. */
export function setDisplay(next: Display): void {
  if (next.locale === display.locale && next.timeZone === display.timeZone) return;
  display = next;
  formats = makeFormats(next);
}

/** A moment (ISO 8601 with offset) in the institution's zone, with the zone: "30 Jun 2026, 14:05 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formats.dateTime.format(d);
}

const calendarDay = (date: string) => new Date(`${date.slice(0, 10)}T00:00:00Z`);

/** A calendar date (YYYY-MM-DD, no zone: it is the same day everywhere): "30 Jun 2026". */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = calendarDay(date);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(d.getTime()) ? formats.date.format(d) : date;
}

/** A count in the institution's locale: "12,345". */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : formats.number.format(n);
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

/** "from 1 Jan 2020", "until 30 Jun 2026", "1 Jan 2020 – 30 Jun 2026", or "". */
export function formatValidity(from: string | null | undefined, to: string | null | undefined): string {
  if (from && to) return `${formatDate(from)} – ${formatDate(to)}`;
  if (from) return `from ${formatDate(from)}`;
  if (to) return `until ${formatDate(to)}`;
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

/** A date in a sentence: "1 July 2026" (from YYYY-MM-DD). */
export function formatLongDate(date: string | null | undefined): string {
  if (!date) return '—';
  const d = calendarDay(date);
  return Number.isNaN(d.getTime()) ? date : formats.longDate.format(d);
}
