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

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(', ') || '—';
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
