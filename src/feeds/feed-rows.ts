import { createHash } from 'node:crypto';
import { exportCsv } from '../platform/csv-export.ts';
import { displayName } from '../registry/names.ts';
import { type FeedDefinition, ldapAttribute, streamColumn } from './feed-definition.ts';
import { escapeDnValue, LDIF_HEADER, ldifEntry } from './ldif.ts';

/**
 * From a person's facts to a feed row (column → text), and from rows to the feed's file
 * format. Pure. Missing values are empty strings, so every row has every column. CSV cells
 * that a spreadsheet would take for a formula are neutralised (platform/csv-export.ts).
 */
export interface PersonFacts {
  id: number;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  idNumber: string | null;
  username: string | null;
  email: string | null;
  /** Current statuses, primary first. */
  statuses: { statusTypeId: number; name: string; category: string; cardLabel: string | null; directory: string }[];
  /** The org unit and title of the affiliation the primary status holds because of. */
  orgUnit: string | null;
  title: string | null;
}

export type FeedRow = Record<string, string>;
/** Status type id → "stream.field" → value (set, or the field's default). */
export type StreamValueLookup = ReadonlyMap<number, ReadonlyMap<string, string>>;

export function renderRow(facts: PersonFacts, columns: readonly string[], streamValues: StreamValueLookup): FeedRow {
  const primary = facts.statuses[0];
  const row: FeedRow = {};
  for (const column of columns) {
    const s = streamColumn(column);
    if (s) {
      row[column] = primary ? (streamValues.get(primary.statusTypeId)?.get(`${s.stream}.${s.field}`) ?? '') : '';
      continue;
    }
    row[column] = (() => {
      switch (column) {
        case 'id':
          return String(facts.id);
        case 'idNumber':
          return facts.idNumber ?? '';
        case 'username':
          return facts.username ?? '';
        case 'email':
          return facts.email ?? '';
        case 'givenName':
          return facts.givenName;
        case 'familyName':
          return facts.familyName;
        case 'displayName':
          return displayName(facts);
        case 'primaryStatus':
          return primary?.name ?? '';
        case 'statuses':
          return facts.statuses.map((x) => x.name).join(';');
        case 'category':
          return primary?.category ?? '';
        case 'orgUnit':
          return facts.orgUnit ?? '';
        case 'title':
          return facts.title ?? '';
        case 'cardLabel':
          return primary?.cardLabel ?? '';
        case 'directory':
          return primary?.directory ?? '';
        default:
          return '';
      }
    })();
  }
  return row;
}

/** sha256 of the row's values in column order: what a refresh compares. */
export function rowHash(row: FeedRow, columns: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(columns.map((c) => row[c] ?? '')))
    .digest('hex');
}

/** What the file starts with: the CSV header line, the LDIF version line, nothing for JSON lines. */
export function fileHeader(def: Pick<FeedDefinition, 'format' | 'columns'>): string {
  switch (def.format) {
    case 'csv':
      return exportCsv([def.columns]);
    case 'ldif':
      return LDIF_HEADER;
    case 'jsonl':
      return '';
    default: {
      const unknown: never = def.format;
      throw new Error(`unknown feed format ${String(unknown)}`);
    }
  }
}

/** The rows as a chunk of the file (an LDIF row without its RDN value is left out). */
export function fileChunk(def: Pick<FeedDefinition, 'format' | 'columns' | 'ldif'>, rows: readonly FeedRow[]): string {
  switch (def.format) {
    case 'csv':
      return rows.length ? exportCsv(rows.map((r) => def.columns.map((c) => r[c] ?? ''))) : '';
    case 'jsonl':
      return rows
        .map((r) => `${JSON.stringify(Object.fromEntries(def.columns.map((c) => [c, r[c] ?? ''])))}\n`)
        .join('');
    case 'ldif':
      return ldifChunk(def, rows);
    default: {
      const unknown: never = def.format;
      throw new Error(`unknown feed format ${String(unknown)}`);
    }
  }
}

function ldifChunk(def: Pick<FeedDefinition, 'columns' | 'ldif'>, rows: readonly FeedRow[]): string {
  const ldif = def.ldif!;
  const rdnColumn = def.columns.find((c) => ldapAttribute(c) === ldif.rdnAttribute)!;
  return rows
    .filter((r) => r[rdnColumn])
    .map((r) =>
      ldifEntry({
        dn: `${ldif.rdnAttribute}=${escapeDnValue(r[rdnColumn])},${ldif.baseDn}`,
        objectClasses: ldif.objectClasses,
        attributes: def.columns.map((c) => [ldapAttribute(c), r[c] ?? ''] as [string, string]),
      }),
    )
    .join('');
}

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  ldif: 'text/x-ldif; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
} as const;
export const EXTENSIONS = { csv: 'csv', ldif: 'ldif', jsonl: 'jsonl' } as const;
