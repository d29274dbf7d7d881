import type { FieldProblem } from '../platform/errors.ts';
import {
  type FieldValue,
  type StreamFieldDefinition,
  storedValue,
  valueFromText,
  valueProblem,
} from '../status/stream-fields.ts';
import { scheduleProblem } from './feed-schedule.ts';

/**
 * A feed's definition and its validation. Pure: the service reads what exists (status
 * type names, org unit codes, streams and their fields) and passes it in as `Known`.
 *
 * Selection semantics: on the clock's today a person is in the feed when they hold a
 * *qualifying status*: a current status (start <= today, end null or >= today) that meets
 * every axis given — its type is one of `statuses`; its type has one of the `streams`
 * values (set on the type, or the field's default); it holds because of an affiliation in
 * the subtree of one of `orgUnits`. Within an axis the entries are alternatives; an empty
 * axis does not restrict. With `primaryOnly`, the qualifying status must be the person's
 * primary (highest-ranked) status. A feed must restrict on statuses or streams. Merged
 * records never appear.
 */
export type FeedFormat = 'csv' | 'ldif' | 'jsonl';
export const FEED_FORMATS: readonly FeedFormat[] = ['csv', 'ldif', 'jsonl'];

export interface StreamCriterion {
  stream: string;
  field: string;
  value: string;
}

export interface FeedSelection {
  statuses: string[];
  primaryOnly: boolean;
  orgUnits: string[];
  streams: StreamCriterion[];
}

export interface LdifOptions {
  /** The entries' parent, e.g. "ou=people,dc=northbridge,dc=edu". */
  baseDn: string;
  /** The attribute naming each entry (one the columns emit, e.g. "uid"). */
  rdnAttribute: string;
  objectClasses: string[];
}

export interface FeedDefinition {
  name: string;
  label: string;
  description: string;
  format: FeedFormat;
  selection: FeedSelection;
  columns: string[];
  ldif: LdifOptions | null;
  /** A cron expression (UTC, five or six fields); null: generated on demand only. */
  schedule: string | null;
}

/** What a caller may send: lists may be left out. */
export interface FeedInput {
  name: string;
  label?: string;
  description?: string;
  format: string;
  selection: { statuses?: string[]; primaryOnly?: boolean; orgUnits?: string[]; streams?: StreamCriterion[] };
  columns: string[];
  ldif?: { baseDn: string; rdnAttribute?: string; objectClasses?: string[] } | null;
  schedule?: string | null;
}

/** The fixed column catalogue (besides `stream:<stream>.<field>`). */
export const COLUMNS = [
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
] as const;
export type CatalogueColumn = (typeof COLUMNS)[number];

/** The LDAP attribute each catalogue column is written as in LDIF. */
export const LDAP_ATTRIBUTES: Record<CatalogueColumn, string> = {
  id: 'employeeNumber',
  idNumber: 'employeeID',
  username: 'uid',
  email: 'mail',
  givenName: 'givenName',
  familyName: 'sn',
  displayName: 'displayName',
  primaryStatus: 'employeeType',
  statuses: 'description',
  category: 'businessCategory',
  orgUnit: 'ou',
  title: 'title',
  cardLabel: 'cardLabel',
  directory: 'directoryFlag',
};

const STREAM_COLUMN = /^stream:([a-z][a-z0-9_-]{0,31})\.([a-z][a-z0-9_-]{0,31})$/;
const NAME = /^[a-z][a-z0-9-]{0,47}$/;

export function streamColumn(column: string): { stream: string; field: string } | null {
  const m = STREAM_COLUMN.exec(column);
  return m ? { stream: m[1], field: m[2] } : null;
}

/** The LDAP attribute a column is written as: the catalogue's, or `<stream>-<field>` for stream columns. */
export function ldapAttribute(column: string): string {
  const s = streamColumn(column);
  if (s) return `${s.stream}-${s.field}`.replace(/_/g, '-');
  return LDAP_ATTRIBUTES[column as CatalogueColumn] ?? column;
}

export type KnownField = Pick<StreamFieldDefinition, 'type' | 'options' | 'length'>;

export interface Known {
  /** Status type names, lower case. */
  statusTypes: ReadonlySet<string>;
  orgUnits: ReadonlySet<string>;
  /** Stream name → its fields by name. */
  streams: ReadonlyMap<string, ReadonlyMap<string, KnownField>>;
}

/** What is wrong with a selection (statuses, org subtrees, stream values), each naming its field under `prefix`. */
export function selectionProblems(sel: FeedInput['selection'], known: Known, prefix = '/selection'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  const statuses = sel.statuses ?? [];
  const streams = sel.streams ?? [];
  if (statuses.length === 0 && streams.length === 0)
    add(prefix, 'restricted', 'must select by statuses or by stream values (or both)');
  statuses.forEach((s, i) => {
    if (!known.statusTypes.has(s.toLowerCase()))
      add(`${prefix}/statuses/${i}`, 'exists', `there is no status type ${s}`);
  });
  (sel.orgUnits ?? []).forEach((code, i) => {
    if (!known.orgUnits.has(code)) add(`${prefix}/orgUnits/${i}`, 'exists', `there is no org unit ${code}`);
  });
  streams.forEach((c, i) => {
    const fields = known.streams.get(c.stream);
    if (!fields) add(`${prefix}/streams/${i}/stream`, 'exists', `there is no stream ${c.stream}`);
    else if (!fields.has(c.field))
      add(`${prefix}/streams/${i}/field`, 'exists', `stream ${c.stream} has no field ${c.field}`);
    else {
      const field = fields.get(c.field)!;
      const p = valueProblem(field, valueFromText(field.type, String(c.value ?? '')));
      if (p) add(`${prefix}/streams/${i}/value`, p.rule, p.message);
    }
  });
  return problems;
}

/** Every problem with a definition, each naming its field (JSON pointer) and rule. */
export function feedProblems(input: FeedInput, known: Known): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  if (!NAME.test(input.name ?? ''))
    add('/name', 'pattern', 'must be 1-48 lowercase letters, digits or dashes, starting with a letter');
  if (input.label !== undefined && input.label.trim() === '') add('/label', 'not-blank', 'must not be blank');
  if (!FEED_FORMATS.includes(input.format as FeedFormat))
    add('/format', 'enum', `must be one of ${FEED_FORMATS.join(', ')}`);
  problems.push(...selectionProblems(input.selection ?? {}, known));
  const columns = input.columns ?? [];
  if (columns.length === 0) add('/columns', 'not-empty', 'must name at least one column');
  const seen = new Set<string>();
  columns.forEach((col, i) => {
    if (seen.has(col)) add(`/columns/${i}`, 'unique', `${col} is listed twice`);
    seen.add(col);
    const s = streamColumn(col);
    if (s) {
      const fields = known.streams.get(s.stream);
      if (!fields) add(`/columns/${i}`, 'exists', `there is no stream ${s.stream}`);
      else if (!fields.has(s.field)) add(`/columns/${i}`, 'exists', `stream ${s.stream} has no field ${s.field}`);
    } else if (!(COLUMNS as readonly string[]).includes(col)) {
      add(
        `/columns/${i}`,
        'unknown-column',
        `${col} is not a column; use one of ${COLUMNS.join(', ')} or stream:<stream>.<field>`,
      );
    }
  });
  if (input.format === 'ldif') {
    const ldif = input.ldif;
    if (!ldif || !ldif.baseDn?.trim())
      add('/ldif/baseDn', 'required', 'an LDIF feed needs the base DN its entries sit under');
    else if (!/^[A-Za-z][\w-]*=.+/.test(ldif.baseDn.trim()))
      add('/ldif/baseDn', 'format:dn', 'must be a distinguished name such as ou=people,dc=example,dc=edu');
    const rdn = ldif?.rdnAttribute ?? 'uid';
    if (!columns.some((c) => ldapAttribute(c) === rdn))
      add(
        '/ldif/rdnAttribute',
        'emitted',
        `${rdn} must be the attribute of one of the columns (e.g. uid for username)`,
      );
  } else if (input.ldif) {
    add('/ldif', 'ldif-only', 'LDIF options apply only to format ldif');
  }
  if (input.schedule != null && input.schedule !== '') {
    const p = scheduleProblem(input.schedule);
    if (p) add('/schedule', 'cron', p);
  }
  return problems;
}

/** A selection with lists filled in and stream values in canonical text. */
export function normaliseSelection(sel: FeedInput['selection'], known?: Known): FeedSelection {
  const canonical = (c: StreamCriterion): StreamCriterion => {
    const field = known?.streams.get(c.stream)?.get(c.field);
    return field ? { ...c, value: storedValue(valueFromText(field.type, c.value) as FieldValue) } : c;
  };
  return {
    statuses: sel.statuses ?? [],
    primaryOnly: sel.primaryOnly ?? false,
    orgUnits: sel.orgUnits ?? [],
    streams: (sel.streams ?? []).map(canonical),
  };
}

/**
 * The definition with defaults filled in and stream values in canonical text (call after `feedProblems` found nothing).
 */
export function normalise(input: FeedInput, known?: Known): FeedDefinition {
  return {
    name: input.name,
    label: (input.label ?? input.name).trim(),
    description: (input.description ?? '').trim(),
    format: input.format as FeedFormat,
    selection: normaliseSelection(input.selection ?? {}, known),
    columns: input.columns,
    ldif:
      input.format === 'ldif' && input.ldif
        ? {
            baseDn: input.ldif.baseDn.trim(),
            rdnAttribute: input.ldif.rdnAttribute ?? 'uid',
            objectClasses: input.ldif.objectClasses?.length
              ? input.ldif.objectClasses
              : ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
          }
        : null,
    schedule: input.schedule ? input.schedule.trim() : null,
  };
}
