/** RFC 4180 CSV lines, quoting only where needed (the demo's and the benchmarks' import files). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values
    .map((raw) => {
      const v = raw === null || raw === undefined ? '' : String(raw);
      return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
}

/** A whole CSV document: header line, then one line per row. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return `${[csvLine(header), ...rows.map(csvLine)].join('\n')}\n`;
}
