// The crash campaign's comparison with an uninterrupted run (scripts/crash-campaign.ts): the final data of two stores,
// normalised so that only what a user would call the data is compared: row ids and timestamps are left out, and a
// column or event that points at a person, an org unit or a type names it by its stable key (source key, code, name).
import type { Kysely } from 'kysely';
import type { DB } from '../src/platform/db/schema.ts';
import type { Check } from './crash-checks.ts';

type Row = Record<string, unknown>;

/** A webhook event as the receiver took it. */
export interface ReceivedEvent {
  type: string;
  subject: string;
  data: unknown;
}

/** What was seen outside the store: the Message-IDs at the SMTP sink and the events at the webhook receiver. */
export interface Seen {
  smtp: string[];
  events: ReceivedEvent[];
}

/** The normalised data of one store: per section, one line per row (sorted). */
export type Snapshot = Record<string, string[]>;

export const SECTIONS = [
  'people',
  'identifiers',
  'affiliations',
  'statuses',
  'guests',
  'guest transitions',
  'mail queued (sent or set aside to check)',
  'mail received',
  'webhook events received',
] as const;

/** Ids and times inside JSON values (jsonb columns, event data) are left out like the columns that hold them. */
const volatileKey = (key: string) => key === 'id' || key === 'position' || /(Id|_id|At|_at|^at|^time)$/.test(key);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value instanceof Date) return '(time)';
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => !volatileKey(k))
      .map((k) => [k, stable((value as Row)[k])]),
  );
}

/** A row without its id and timestamps, its references named by their keys. */
function line(row: Row, refs: Record<string, (id: unknown) => string>, drop: string[] = []): string {
  const out: Row = {};
  for (const key of Object.keys(row).sort()) {
    if (key === 'id' || key.endsWith('_at') || key === 'at' || drop.includes(key)) continue;
    const value = row[key];
    out[key] = refs[key] && value !== null ? refs[key](value) : stable(value);
  }
  return JSON.stringify(out);
}

const sorted = (lines: string[]) => [...lines].sort();

/**
 * A mail's dedupe key with the row it names by id (a guest transition, whose ids a killed sweep may skip) named by
 * key instead: the guest's person and the transition.
 */
async function dedupeNames(db: Kysely<DB>): Promise<(key: string) => string> {
  const rows = await db
    .selectFrom('guest_transitions as t')
    .innerJoin('guests as g', 'g.id', 't.guest_id')
    .innerJoin('identifiers as i', (j) => j.onRef('i.person_id', '=', 'g.person_id').on('i.kind', '=', 'source-key'))
    .select(['t.id', 't.transition', 'i.scope', 'i.value'])
    .execute();
  const names = new Map(rows.map((r) => [String(r.id), `${r.scope}:${r.value}/${r.transition}`]));
  return (key) =>
    key.replace(/^guest-transition:(\d+):/, (whole, id: string) => `guest-transition:${names.get(id) ?? whole}:`);
}

/** The normalised data of a store, with what its run delivered outside it. */
export async function snapshotOf(db: Kysely<DB>, seen: Seen): Promise<Snapshot> {
  const keys = new Map<number, string[]>();
  for (const i of await db
    .selectFrom('identifiers')
    .select(['person_id', 'scope', 'value'])
    .where('kind', '=', 'source-key')
    .execute())
    keys.set(Number(i.person_id), [...(keys.get(Number(i.person_id)) ?? []), `${i.scope}:${i.value}`].sort());
  const person = (id: unknown) => `person ${keys.get(Number(id))?.join(',') ?? '(no source key)'}`;
  const nameOf = async (table: 'org_units' | 'status_types' | 'guest_types', column: 'code' | 'name') => {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
    const names = new Map(rows.map((r) => [Number(r.id), String(r[column])]));
    return (id: unknown) => names.get(Number(id)) ?? `(${table} missing)`;
  };
  const org = await nameOf('org_units', 'code');
  const statusType = await nameOf('status_types', 'name');
  const guestType = await nameOf('guest_types', 'name');
  const all = async (table: 'people' | 'identifiers' | 'affiliations' | 'person_statuses' | 'guests') =>
    (await db.selectFrom(table).selectAll().execute()) as Row[];
  const people = { id: person, person_id: person, merged_into: person };
  const guestRows = await all('guests');
  const guestKey = new Map(guestRows.map((g) => [Number(g.id), person(g.person_id)]));
  const transitions = await db.selectFrom('guest_transitions').selectAll().orderBy('id').execute();
  const paths = new Map<string, Row[]>();
  for (const t of transitions) {
    const key = guestKey.get(Number(t.guest_id)) ?? '(guest missing)';
    paths.set(key, [...(paths.get(key) ?? []), t as Row]);
  }
  const outbox = await db.selectFrom('outbox').selectAll().execute();
  const dedupe = await dedupeNames(db);
  const byMessage = new Map(outbox.filter((m) => m.message_id).map((m) => [m.message_id!, dedupe(m.dedupe_key)]));
  return {
    people: (await all('people')).map((p) => `${person(p.id)} ${line(p, people)}`),
    identifiers: (await all('identifiers')).map((r) => line(r, people)),
    affiliations: (await all('affiliations')).map((r) => line(r, { ...people, org_id: org })),
    statuses: (await all('person_statuses')).map((r) => line(r, { ...people, status_type_id: statusType })),
    guests: guestRows.map((g) =>
      line(g, {
        ...people,
        guarantor_id: person,
        sponsor_id: person,
        requester_id: person,
        type_id: guestType,
        host_org_id: org,
        tenant_org_id: org,
      }),
    ),
    'guest transitions': [...paths].map(
      ([key, rows]) => `${key}: ${rows.map((r) => line(r, {}, ['guest_id'])).join(' → ')}`,
    ),
    // A mail whose sender died while sending is set aside to check (never sent twice); an uninterrupted run sent it.
    'mail queued (sent or set aside to check)': outbox.map((m) =>
      JSON.stringify([m.event, m.recipient, m.subject, dedupe(m.dedupe_key), m.state === 'check' ? 'sent' : m.state]),
    ),
    'mail received': [...new Set(seen.smtp.map((id) => byMessage.get(id) ?? `(unknown ${id})`))],
    'webhook events received': [
      ...new Set(
        seen.events.map((e) => {
          const [entity, id] = e.subject.split('/');
          return JSON.stringify([e.type, entity === 'person' ? person(id) : e.subject, stable(e.data)]);
        }),
      ),
    ],
  };
}

/** The lines of `a` not in `b`, as a multiset difference. */
function minus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  return a.filter((l) => {
    const n = left.get(l) ?? 0;
    if (n === 0) return true;
    left.set(l, n - 1);
    return false;
  });
}

/**
 * One check per section: the killed run's data equal the uninterrupted run's, or the difference (how many lines only
 * in each, and the first of them). Mail set aside to check after a kill (`check`: never sent twice) is the one
 * difference allowed, in the mail received: such a mail reached the sink in the uninterrupted run only.
 */
export function compareSnapshots(killed: Snapshot, reference: Snapshot, setAside: string[]): Check[] {
  return SECTIONS.map((section) => {
    const onlyKilled = minus(sorted(killed[section] ?? []), sorted(reference[section] ?? []));
    let onlyReference = minus(sorted(reference[section] ?? []), sorted(killed[section] ?? []));
    const excused = section === 'mail received' ? onlyReference.filter((k) => setAside.includes(k)) : [];
    onlyReference = minus(onlyReference, excused);
    const ok = onlyKilled.length === 0 && onlyReference.length === 0;
    const first = (what: string, lines: string[]) => (lines.length ? `; ${what}: ${lines[0]!.slice(0, 300)}` : '');
    return {
      name: `the data equal an uninterrupted run's: ${section}`,
      ok,
      detail:
        `${(killed[section] ?? []).length} lines, ${onlyKilled.length} only after the kills, ` +
        `${onlyReference.length} only in the uninterrupted run` +
        (excused.length ? `, ${excused.length} mails set aside to check` : '') +
        first('first only after the kills', onlyKilled) +
        first('first only uninterrupted', onlyReference),
    };
  });
}

/** The dedupe keys of the mails a run set aside to check, as the snapshot names them. */
export async function setAsideMails(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('outbox').select('dedupe_key').where('state', '=', 'check').execute();
  const named = await dedupeNames(db);
  return rows.map((r) => named(r.dedupe_key));
}
