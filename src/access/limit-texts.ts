import type { Limit } from './access-schemas.ts';

/**
 * The short texts people type for an access permission's limits and an application's
 * implied actions — `steward access` takes them as options, the web forms as fields —
 * turned into the API's shapes. Pure; the server checks the result and names each
 * problem's field, so nothing is refused here.
 */

/** ["write=read", "approve=read,write"] → { write: ['read'], approve: ['read', 'write'] }. */
export function implicationsOf(rules: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of rules.map((r) => r.trim()).filter(Boolean)) {
    const [action, list = ''] = rule.split('=');
    out[action.trim()] = list
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
  }
  return out;
}

export interface LimitTexts {
  window?: string;
  weekdays?: string;
  dates?: string;
}

/**
 * "08:00-18:00", "1,2,3" and "2026-09-01..2026-09-30" as limits, with the index each text
 * landed at in the list (so the server's `/limits/<i>/…` problems can be shown beside it).
 */
export function limitsOf(t: LimitTexts): { limits: Limit[]; at: Partial<Record<keyof LimitTexts, number>> } {
  const limits: Limit[] = [];
  const at: Partial<Record<keyof LimitTexts, number>> = {};
  const window = t.window?.trim();
  if (window) {
    const [from = '', to = ''] = window.split('-').map((s) => s.trim());
    at.window = limits.push({ kind: 'time-window', from, to }) - 1;
  }
  const weekdays = t.weekdays?.trim();
  if (weekdays)
    at.weekdays = limits.push({ kind: 'weekdays', days: weekdays.split(',').map((d) => Number(d.trim())) }) - 1;
  const dates = t.dates?.trim();
  if (dates) {
    const [from = '', to = ''] = dates.split('..').map((s) => s.trim());
    at.dates = limits.push({ kind: 'dates', from: from || null, to: to || null }) - 1;
  }
  return { limits, at };
}
