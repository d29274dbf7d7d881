import {
  type ConfigDocument,
  type ConfigItem,
  type SectionName,
  sectionKeys,
  sectionNames,
} from './config-document.ts';

/**
 * What loading a configuration document would change, section by section: the items it adds, the items it changes
 * (each with its field-level differences) and the items it removes, all named by natural key. Pure.
 */
export interface FieldChange {
  /** Path inside the item: "/rank", "/roles/reader/permissions", "/resources/dorm-a/parent". */
  field: string;
  before?: unknown;
  after?: unknown;
}
export interface ChangedItem {
  key: string;
  fields: FieldChange[];
}
export interface SectionDiff {
  added: string[];
  changed: ChangedItem[];
  removed: string[];
}
export type ConfigDiff = Record<SectionName, SectionDiff>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Equal as JSON values, whatever the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/** A list of objects each with a distinct string `name`: compared item by item rather than as a whole. */
function namedList(v: unknown): Map<string, unknown> | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const byName = new Map<string, unknown>();
  for (const x of v) {
    if (!isObject(x) || typeof x.name !== 'string' || byName.has(x.name)) return null;
    byName.set(x.name, x);
  }
  return byName;
}

/** The differences between two values of one field, as paths under `at`. */
export function fieldChanges(before: unknown, after: unknown, at = ''): FieldChange[] {
  if (sameValue(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], `${at}/${k}`));
  }
  const a = namedList(before);
  const b = namedList(after);
  if (a && b) {
    const names = [...new Set([...a.keys(), ...b.keys()])].sort();
    return names.flatMap((n) => fieldChanges(a.get(n), b.get(n), `${at}/${n}`));
  }
  const change: FieldChange = { field: at || '/' };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

/** One section's diff: items matched by their natural key. */
export function diffSection(key: string, current: readonly ConfigItem[], desired: readonly ConfigItem[]): SectionDiff {
  const now = new Map(current.map((i) => [String(i[key]), i]));
  const next = new Map(desired.map((i) => [String(i[key]), i]));
  const changed: ChangedItem[] = [];
  for (const [k, item] of next) {
    const was = now.get(k);
    if (!was) continue;
    const fields = fieldChanges(was, item);
    if (fields.length) changed.push({ key: k, fields });
  }
  return {
    added: [...next.keys()].filter((k) => !now.has(k)).sort(),
    changed: changed.sort((x, y) => x.key.localeCompare(y.key)),
    removed: [...now.keys()].filter((k) => !next.has(k)).sort(),
  };
}

/** What replacing `current` by `desired` changes, section by section. */
export function diffConfig(current: ConfigDocument, desired: ConfigDocument): ConfigDiff {
  const out = {} as ConfigDiff;
  for (const s of sectionNames)
    out[s] = diffSection(sectionKeys[s], current[s] as ConfigItem[], desired[s] as ConfigItem[]);
  return out;
}

/** How many items the diff adds, changes and removes in all. */
export function diffCounts(diff: ConfigDiff): { added: number; changed: number; removed: number } {
  const all = sectionNames.map((s) => diff[s]);
  return {
    added: all.reduce((n, d) => n + d.added.length, 0),
    changed: all.reduce((n, d) => n + d.changed.length, 0),
    removed: all.reduce((n, d) => n + d.removed.length, 0),
  };
}
