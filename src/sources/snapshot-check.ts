import type { AffiliationRecord, RowError, SnapshotFormat, SnapshotItem } from './snapshot-rows.ts';
import { fieldLabel } from './snapshot-rows.ts';

/**
 * Checks that need the whole snapshot, done while it streams: a record key given twice
 * (every later line is reported, naming the first), and a kind the source may not
 * deliver. Memory is one map entry per distinct record key (the key and its first line)
 * plus one per distinct org code; nothing else of a record is kept.
 *
 * Org codes are the caller's to check against the database, because only it can read
 * the organisation tree. The design chosen: the checker collects the DISTINCT org codes
 * it saw, each with its first line and how many lines use it (`orgCodes()`); after the
 * stream ends the caller looks them up in one query and passes the known ones to
 * `unknownOrgCodeErrors`, which reports each unknown code on the first line using it
 * (the message says how many lines do). Org units are few, so this is one small query
 * instead of one per batch. A caller that has staged the rows can also list every line
 * of an unknown code in SQL.
 */
export interface SnapshotCheckOptions {
  /** How fields are named in errors (CSV column or JSON key). */
  format: SnapshotFormat;
  /** The affiliation kinds the source may deliver; empty or absent = any. */
  kinds?: readonly string[];
}

/** An org code seen in the snapshot: where it first appeared and how many lines use it. */
export interface OrgCodeUse {
  code: string;
  firstLine: number;
  lines: number;
}

export interface SnapshotChecker {
  /** Checks one readable record against the snapshot so far; returns its errors (none: it may be staged). */
  check(line: number, record: AffiliationRecord): RowError[];
  /**
   * Takes a record known without reading it (the fast path: unchanged since it was last
   * applied) as if checked: true if it passes (its key is new and its kind allowed), and it
   * then counts; false and nothing counted otherwise (the caller reads and checks it).
   */
  pass(line: number, recordKey: string, kind: string, orgCode: string): boolean;
  /** The distinct org codes of the records checked so far, in order of first appearance. */
  orgCodes(): OrgCodeUse[];
}

/** Starts the whole-snapshot checks for one snapshot of one source. */
export function snapshotChecker(options: SnapshotCheckOptions): SnapshotChecker {
  const firstLineOfKey = new Map<string, number>();
  const orgCodes = new Map<string, OrgCodeUse>();
  const kinds = new Set(options.kinds ?? []);
  const useOrg = (line: number, code: string) => {
    const use = orgCodes.get(code);
    if (use) use.lines += 1;
    else orgCodes.set(code, { code, firstLine: line, lines: 1 });
  };
  return {
    check(line, record) {
      const errors: RowError[] = [];
      const first = firstLineOfKey.get(record.recordKey);
      if (first === undefined) firstLineOfKey.set(record.recordKey, line);
      else
        errors.push({
          line,
          field: fieldLabel('recordKey', options.format),
          rule: 'duplicate-key',
          message: `record key ${record.recordKey} is already on line ${first}`,
        });
      if (kinds.size > 0 && !kinds.has(record.kind)) {
        errors.push({
          line,
          field: fieldLabel('kind', options.format),
          rule: 'kind-not-allowed',
          message: `"${record.kind}" is not a kind this source delivers (${[...kinds].join(', ')})`,
        });
      }
      useOrg(line, record.orgCode);
      return errors;
    },
    pass(line, recordKey, kind, orgCode) {
      if (firstLineOfKey.has(recordKey) || (kinds.size > 0 && !kinds.has(kind))) return false;
      firstLineOfKey.set(recordKey, line);
      useOrg(line, orgCode);
      return true;
    },
    orgCodes: () => [...orgCodes.values()].map((u) => ({ ...u })),
  };
}

/** One error per org code no organisation has, on the first line using it, saying how many lines do. */
export function unknownOrgCodeErrors(
  uses: readonly OrgCodeUse[],
  known: ReadonlySet<string>,
  format: SnapshotFormat,
): RowError[] {
  return uses
    .filter((u) => !known.has(u.code))
    .map((u) => ({
      line: u.firstLine,
      field: fieldLabel('orgCode', format),
      rule: 'unknown-org',
      message: `no organisation has code ${u.code} (${u.lines === 1 ? 'used on this line only' : `used on ${u.lines.toLocaleString('en-US')} lines, this the first`})`,
    }));
}

/** Runs the checker over a read snapshot, turning a record that fails it into that line's errors. */
export async function* checkedSnapshot(
  items: AsyncIterable<SnapshotItem>,
  checker: SnapshotChecker,
): AsyncGenerator<SnapshotItem> {
  for await (const it of items) {
    if (!('record' in it)) {
      yield it;
      continue;
    }
    const errors = checker.check(it.line, it.record);
    yield errors.length ? { line: it.line, errors } : it;
  }
}
