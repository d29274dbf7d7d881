import type { AccessLimit } from './access-api.ts';

/**
 * The short texts the access forms take (as `steward access` does), turned into the API's
 * shapes. The server checks them and names each problem's field; nothing is refused here.
 */

/** "write=read; approve=read,write" → { write: ['read'], approve: ['read', 'write'] }. */
export function implicationsOf(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of text.split(/[;\n]/).map((r) => r.trim()).filter(Boolean)) {
    const [action, list = ''] = rule.split('=');
    out[action.trim()] = list.split(',').map((a) => a.trim()).filter(Boolean);
  }
  return out;
}

export interface LimitTexts { window: string; weekdays: string; dates: string }

/**
 * "08:00-18:00", "1,2,3" and "2026-09-01..2026-09-30" as limits, with the index each text
 * landed at in the list (so the server's `/limits/<i>/…` problems show beside that text).
 */
export function limitsOf(t: LimitTexts): { limits: AccessLimit[]; at: Partial<Record<keyof LimitTexts, number>> } {
  const limits: AccessLimit[] = [];
  const at: Partial<Record<keyof LimitTexts, number>> = {};
  if (t.window.trim()) {
    const [from = '', to = ''] = t.window.trim().split('-').map((s) => s.trim());
    at.window = limits.push({ kind: 'time-window', from, to }) - 1;
  }
  if (t.weekdays.trim()) {
    at.weekdays = limits.push({ kind: 'weekdays', days: t.weekdays.split(',').map((d) => Number(d.trim())) }) - 1;
  }
  if (t.dates.trim()) {
    const [from = '', to = ''] = t.dates.trim().split('..').map((s) => s.trim());
    at.dates = limits.push({ kind: 'dates', from: from || null, to: to || null }) - 1;
  }
  return { limits, at };
}
