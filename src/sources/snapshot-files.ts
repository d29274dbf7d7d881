import { stringify } from 'csv-stringify/sync';
import { ATTRIBUTE_PREFIX, type AffiliationRecord, CODE_SEPARATOR, SNAPSHOT_COLUMNS } from './snapshot-rows.ts';

/**
 * Writing affiliation records as the snapshot files sources deliver (the inverse of
 * snapshot-rows.ts): CSV with the standard columns plus `attr.<name>` columns, or JSON
 * lines. Used by the demo, the benchmarks and tests that play a system of record.
 */
const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const fieldOf = new Map(SNAPSHOT_COLUMNS.map((c) => [c, camel(c)]));

/** The header line and a function turning one record into its CSV line (each ending in a newline). */
export function csvSnapshotWriter(attributeNames: readonly string[]): {
  header: string;
  line(record: AffiliationRecord): string;
} {
  const columns = [...SNAPSHOT_COLUMNS, ...attributeNames.map((a) => `${ATTRIBUTE_PREFIX}${a}`)];
  const cells = (record: AffiliationRecord): string[] => [
    ...SNAPSHOT_COLUMNS.map((c) =>
      c === 'codes'
        ? record.codes.join(CODE_SEPARATOR)
        : String((record as unknown as Record<string, unknown>)[fieldOf.get(c)!] ?? ''),
    ),
    ...attributeNames.map((a) => record.attributes[a] ?? ''),
  ];
  return { header: stringify([columns]), line: (record) => stringify([cells(record)]) };
}

/** A whole CSV snapshot, attribute columns taken from the records themselves. */
export function csvSnapshot(records: readonly AffiliationRecord[]): string {
  const names = [...new Set(records.flatMap((r) => Object.keys(r.attributes)))].sort();
  const writer = csvSnapshotWriter(names);
  return writer.header + records.map(writer.line).join('');
}

/** One record as a JSON line (newline included). */
export function jsonSnapshotLine(record: AffiliationRecord): string {
  return `${JSON.stringify(record)}\n`;
}
