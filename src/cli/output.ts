import { writeOut } from './io.ts';

/** Printing helpers: JSON for programs (--json), aligned tables and lines for people. */
export function printJson(value: unknown): void {
  writeOut(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(rows: Record<string, unknown>[], columns?: string[]): void {
  if (rows.length === 0) {
    writeOut('(none)\n');
    return;
  }
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  writeOut(`${line(cols)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of rows) writeOut(`${line(cols.map((c) => cell(r[c])))}\n`);
}

/** Writes lines to stdout. */
export function out(lines: string[]): void {
  writeOut(`${lines.join('\n')}\n`);
}

/** An instant to the minute, "2026-03-01 09:30 UTC"; "-" for none. */
export function minuteUtc(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC') : '-';
}
