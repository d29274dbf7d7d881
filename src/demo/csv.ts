import { stringify } from 'csv-stringify/sync';

/**
 * CSV for the demo's and the benchmarks' import files, written by csv-stringify (RFC 4180, quoting only where needed).
 */
type Cell = string | number | boolean | null | undefined;

const cell = (v: Cell): string => (v === null || v === undefined ? '' : String(v));

/** One CSV line, without its line break. */
export function csvLine(values: readonly Cell[]): string {
  return stringify([values.map(cell)], { record_delimiter: '' });
}

/** A whole CSV document: header line, then one line per row. */
export function csvDocument(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header as string[], ...rows.map((r) => r.map(cell))], { record_delimiter: '\n' });
}
