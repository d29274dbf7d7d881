import type { Feed, FeedInput } from '../api/feed-types.ts';

/** The feed form's state and its conversion to and from the API's definition. Pure. */
export interface StreamDraft {
  /** "stream.field" */
  key: string;
  value: string;
}

export interface FeedDraft {
  name: string;
  label: string;
  description: string;
  format: string;
  statuses: string[];
  primaryOnly: boolean;
  /** Org unit codes, comma or space separated. */
  orgUnits: string;
  streams: StreamDraft[];
  columns: string[];
  baseDn: string;
  rdnAttribute: string;
  schedule: string;
}

/** The columns every feed may emit (stream columns come from the streams defined). */
export const CATALOGUE = [
  'id',
  'idNumber',
  'username',
  'email',
  'givenName',
  'familyName',
  'displayName',
  'primaryStatus',
  'statuses',
  'category',
  'orgUnit',
  'title',
  'cardLabel',
  'directory',
];

export const emptyDraft: FeedDraft = {
  name: '',
  label: '',
  description: '',
  format: 'csv',
  statuses: [],
  primaryOnly: false,
  orgUnits: '',
  streams: [],
  columns: ['id', 'displayName', 'email', 'primaryStatus'],
  baseDn: '',
  rdnAttribute: 'uid',
  schedule: '',
};

export function draftOf(feed: Feed): FeedDraft {
  return {
    name: feed.name,
    label: feed.label,
    description: feed.description,
    format: feed.format,
    statuses: feed.selection.statuses,
    primaryOnly: feed.selection.primaryOnly,
    orgUnits: feed.selection.orgUnits.join(', '),
    streams: feed.selection.streams.map((s) => ({ key: `${s.stream}.${s.field}`, value: s.value })),
    columns: feed.columns,
    baseDn: feed.ldif?.baseDn ?? '',
    rdnAttribute: feed.ldif?.rdnAttribute ?? 'uid',
    schedule: feed.schedule ?? '',
  };
}

export function inputOf(d: FeedDraft): FeedInput {
  const orgUnits = d.orgUnits.split(/[\s,]+/).filter(Boolean);
  return {
    name: d.name.trim(),
    label: d.label.trim() || undefined,
    description: d.description,
    format: d.format,
    selection: {
      statuses: d.statuses,
      primaryOnly: d.primaryOnly,
      orgUnits,
      streams: d.streams
        .filter((s) => s.key)
        .map((s) => {
          const [stream, field] = s.key.split('.');
          return { stream, field, value: s.value };
        }),
    },
    columns: d.columns,
    ldif: d.format === 'ldif' ? { baseDn: d.baseDn, rdnAttribute: d.rdnAttribute || undefined } : null,
    schedule: d.schedule.trim() || null,
  };
}

/** Adds or removes an entry, keeping the order of `order` (so the columns keep catalogue order). */
export function toggled(list: string[], item: string, on: boolean): string[] {
  return on ? (list.includes(item) ? list : [...list, item]) : list.filter((x) => x !== item);
}
