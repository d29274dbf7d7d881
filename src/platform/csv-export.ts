import { stringify } from 'csv-stringify/sync';

/**
 * CSV that Steward hands out (feed output, the guest reports): RFC 4180 by csv-stringify,
 * with every text cell that a spreadsheet would read as a formula neutralised (OWASP "CSV
 * injection"): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * single quote in front, so `=HYPERLINK("http://x","y")` arrives as `'=HYPERLINK(...)`.
 * Pure.
 *
 * The rule is applied to every text cell, including text that looks like a negative number
 * (`-12` becomes `'-12`) or a phone number (`+44 …`), as OWASP advises: telling a harmless
 * value from a crafted one (`-1+cmd|…`) is exactly what a spreadsheet gets wrong. Numbers
 * Steward itself counts (ids, totals) are JavaScript numbers and are written as they are.
 *
 * Files written for Steward's own importers (the demo's and the benchmarks' snapshots and
 * import files, `sources/snapshot-files.ts`, `demo/csv.ts`) are not neutralised: they are
 * read back by a program, and a quote there would become part of the imported name.
 */
export type CsvCell = string | number | boolean | null | undefined;

const formulaStart = /^[=+\-@\t\r]/;

/** A cell as it is safe to show in a spreadsheet: text that could start a formula gets a leading `'`. */
export function neutraliseCell(value: CsvCell): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return formulaStart.test(value) ? `'${value}` : value;
}

/** CSV lines (each ending in a newline) of rows whose cells are neutralised. */
export function exportCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((r) => r.map(neutraliseCell)));
}
