import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { displayName } from '../registry/names.ts';
import { type FieldValue, storedValue, valueFromText, valueProblem } from './stream-fields.ts';
import { loadStream } from './stream-store.ts';

/**
 * Who holds a stream's value: "everyone with stream/field/value" and "does person P have
 * it", on a day, through the statuses they hold and each status type's value (set, or the
 * field's default).
 */
export interface HeldBecause {
  statusTypeId: number;
  statusType: string;
  start: string | null;
  end: string | null;
}

export function createStreamHolderService(deps: ServiceDeps) {
  const { db, clock } = deps;

  /** The field and its value in canonical text, from a query (`field=patron_type&value=faculty`). */
  async function selection(name: string, fieldName: string, text: string) {
    const stream = await loadStream(db, name);
    const field = stream.fields.find((f) => f.name === fieldName);
    if (!field) throw invalid('/field', 'exists', `stream ${name} has no field ${fieldName}`);
    const value = valueFromText(field.type, text);
    const p = valueProblem(field, value);
    if (p) throw invalid('/value', p.rule, p.message);
    return {
      stream,
      field,
      value: value as FieldValue,
      stored: storedValue(value as FieldValue),
      fallback: field.default === null ? null : storedValue(field.default),
    };
  }

  /** Status types whose value of the field is the one asked for (set, or the default when unset). */
  const typesWith = (stream: string, field: string, stored: string, fallback: string | null) => sql`
    select st.id from status_types st
    left join stream_values v on v.status_type_id = st.id and v.stream = ${stream} and v.field = ${field}
    where coalesce(v.value, ${fallback}::text) = ${stored}`;
  const covering = (on: string) =>
    sql`(s.start_date is null or s.start_date <= ${on}) and (s.end_date is null or s.end_date >= ${on})`;

  /**
   * Everyone who holds, on a day (default today), a status whose value of the field is the value; by family name,
   * paged.
   */
  async function who(
    actor: Actor,
    name: string,
    query: { field: string; value: string; on?: string; limit?: number; offset?: number },
  ) {
    authorise(actor, 'streams:read');
    const sel = await selection(name, query.field, query.value);
    const on = query.on ?? isoDate(clock.now());
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const held = sql`s.status_type_id in (${typesWith(name, sel.field.name, sel.stored, sel.fallback)}) and ${covering(on)}`;
    const {
      rows: [count],
    } = await sql<{
      n: number;
    }>`select count(distinct s.person_id)::int as n from person_statuses s where ${held}`.execute(db);
    const { rows } = await sql<{
      id: number;
      given_name: string;
      family_name: string;
      preferred_name: string | null;
      because: HeldBecause[];
    }>`
      select p.id, p.given_name, p.family_name, p.preferred_name,
             jsonb_agg(jsonb_build_object('statusTypeId', s.status_type_id, 'statusType', st.name, 'start', s.start_date, 'end', s.end_date) order by st.rank desc, st.id) as because
      from person_statuses s
      join people p on p.id = s.person_id
      join status_types st on st.id = s.status_type_id
      where ${held}
      group by p.id, p.given_name, p.family_name, p.preferred_name
      order by p.family_name, p.given_name, p.id
      limit ${limit} offset ${offset}`.execute(db);
    return {
      stream: name,
      field: sel.field.name,
      value: sel.value,
      on,
      total: count.n,
      items: rows.map((r) => ({
        personId: r.id,
        displayName: displayName({
          givenName: r.given_name,
          familyName: r.family_name,
          preferredName: r.preferred_name,
        }),
        because: r.because,
      })),
    };
  }

  /** Whether a person holds, on a day (default today), a status whose value of the field is the value, and which. */
  async function has(
    actor: Actor,
    personId: number,
    name: string,
    query: { field: string; value: string; on?: string },
  ) {
    authorise(actor, 'streams:read');
    const person = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
    if (!person) throw notFound('person', personId);
    const sel = await selection(name, query.field, query.value);
    const on = query.on ?? isoDate(clock.now());
    const { rows } = await sql<{
      status_type_id: number;
      name: string;
      start_date: string | null;
      end_date: string | null;
    }>`
      select s.status_type_id, st.name, s.start_date, s.end_date
      from person_statuses s join status_types st on st.id = s.status_type_id
      where s.person_id = ${personId} and s.status_type_id in (${typesWith(name, sel.field.name, sel.stored, sel.fallback)}) and ${covering(on)}
      order by st.rank desc, st.id`.execute(db);
    const because: HeldBecause[] = rows.map((r) => ({
      statusTypeId: r.status_type_id,
      statusType: r.name,
      start: r.start_date,
      end: r.end_date,
    }));
    return { personId, stream: name, field: sel.field.name, value: sel.value, on, has: because.length > 0, because };
  }

  return { who, has };
}
